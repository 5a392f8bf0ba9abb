// Events written in an older shape reach the product in the current one: AuthorizationGranted v1
// (before sellers chose the validity and auto-renewal) upcast to v2.
import { describe, expect, it } from '@jest/globals';
import { evolveBinding, initialBindingState } from '../binding/state.js';
import { EVENT_TYPES, SCHEMA_VERSIONS, schemaVersionOf, UPCASTERS, upcastEvent } from './schema-versions.js';

const v1Granted = {
  type: 'AuthorizationGranted',
  data: {
    authorizationId: 'au_x',
    partnerId: 'partner-1',
    sellerId: 'shop-1',
    serviceId: 'svc-1',
    serviceName: 'Ads',
    market: 'US_L2L',
    scopes: { authorizedObject: 'SHOP', shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true },
    grantedAt: '2025-06-01T08:00:00.000Z',
    expiresAt: '2025-08-30T08:00:00.000Z',
  },
  metadata: { occurredAt: '2025-06-01T08:00:00.000Z', schemaVersion: 1, correlationId: 'c-1' },
};

describe('schema versions', () => {
  it('names every event type of the contract, each with its current version', () => {
    expect(EVENT_TYPES).toHaveLength(24);
    expect(schemaVersionOf('AuthorizationGranted')).toBe(2);
    expect(schemaVersionOf('AuthorizationRenewed')).toBe(1);
    expect(schemaVersionOf('SomethingNew')).toBe(1);
  });

  it('has an upcaster for every step from version 1 to the current one', () => {
    for (const type of EVENT_TYPES)
      for (let from = 1; from < SCHEMA_VERSIONS[type]; from++) expect(UPCASTERS.some((u) => u.type === type && u.from === from)).toBe(true);
  });
});

describe('AuthorizationGranted v1 -> v2', () => {
  it('fills in the validity the grant lasted and no auto-renewal, and says v2', () => {
    const upcast = upcastEvent(v1Granted);
    expect(upcast.data).toEqual({ ...v1Granted.data, validityDays: 90, autoRenew: false });
    expect(upcast.metadata).toEqual({ ...v1Granted.metadata, schemaVersion: 2 });
  });

  it('leaves the stored event as it was (the log is never rewritten)', () => {
    const before = JSON.stringify(v1Granted);
    upcastEvent(v1Granted);
    expect(JSON.stringify(v1Granted)).toBe(before);
  });

  it('is the same every time, and a current event goes through untouched', () => {
    const once = upcastEvent(v1Granted);
    expect(upcastEvent(v1Granted)).toEqual(once);
    expect(upcastEvent(once)).toBe(once);
  });

  it('keeps a field an event labelled v1 already carries', () => {
    const labelled = { ...v1Granted, data: { ...v1Granted.data, validityDays: 30, autoRenew: true } };
    expect(upcastEvent(labelled).data).toMatchObject({ validityDays: 30, autoRenew: true });
  });

  it('reads an event without a version as version 1', () => {
    const unversioned = { ...v1Granted, metadata: { occurredAt: v1Granted.metadata.occurredAt } } as unknown as typeof v1Granted;
    expect(upcastEvent(unversioned).metadata.schemaVersion).toBe(2);
    expect(upcastEvent(unversioned).data).toMatchObject({ validityDays: 90, autoRenew: false });
  });

  it('leaves other types alone', () => {
    const renewed = { type: 'AuthorizationRenewed', data: { renewedAt: 'x' }, metadata: { occurredAt: 'x', schemaVersion: 1 } };
    expect(upcastEvent(renewed)).toBe(renewed);
  });

  it('folds into the state a v2 grant would have made', () => {
    const state = evolveBinding(initialBindingState(), upcastEvent(v1Granted) as never);
    expect(state.authorizations['svc-1']).toMatchObject({ status: 'ACTIVE', validityDays: 90, autoRenew: false, expiresAt: '2025-08-30T08:00:00.000Z' });
  });
});
