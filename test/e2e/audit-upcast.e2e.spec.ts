// Events written in an older shape, read through the HTTP API: AuthorizationGranted v1 (before
// grants recorded validityDays and autoRenew) sits in the log as it was written, and every read
// (the authorization itself, both pages, the audit routes, the decisions) sees it as v2.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authorizationIdOf, normalizeScopes, streams } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import { EVENT_LOG_FILE } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus, plusDays, T0 } from './helpers.js';

const { partner, seller, otherSeller, auditor } = principals;
const GRANTED_AT = '2026-01-15T09:00:00.000Z';

/** An AuthorizationGranted exactly as a v1 build wrote it: no validityDays, no autoRenew. */
function v1Grant(sellerId: string, service: { serviceId: string; name: string }) {
  const data = {
    authorizationId: authorizationIdOf({ partnerId: partner.sub, sellerId, serviceId: service.serviceId }),
    partnerId: partner.sub,
    sellerId,
    serviceId: service.serviceId,
    serviceName: service.name,
    market: 'US_L2L',
    scopes: normalizeScopes({ authorizedObject: 'SHOP', dataCompass: true }),
    grantedAt: GRANTED_AT,
    expiresAt: plusDays(GRANTED_AT, 90),
  };
  return {
    eventId: randomUUID(),
    type: 'AuthorizationGranted',
    data,
    metadata: { actor: { role: 'seller', sub: sellerId }, correlationId: randomUUID(), causationId: null, occurredAt: GRANTED_AT, schemaVersion: 1 },
  };
}

describe('events written in an older schema version', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tsp-upcast-'));
  let api: TestApi;
  let ids: string[];

  beforeAll(async () => {
    // A service published by this build, then grants a v1 build wrote into the same log.
    const first = await startApi({ dataDir, now: '2026-01-10T09:00:00.000Z' });
    const published = await first.as(partner).post('/v1/services', {
      name: 'Ads optimisation',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
      validityDays: 180,
    });
    expectStatus(published, 201);
    await first.close();
    const log = new SqliteEventStore({ file: join(dataDir, EVENT_LOG_FILE) });
    const service = { serviceId: published.body.serviceId as string, name: 'Ads optimisation' };
    const grants = [seller.sub, otherSeller.sub].map((s) => v1Grant(s, service));
    for (const grant of grants) await log.append(streams.binding(partner.sub, grant.data.sellerId), [grant], 'no_stream');
    await log.close();
    ids = grants.map((g) => g.data.authorizationId);
    api = await startApi({ dataDir, now: T0, config: { processIntervalMs: 3_600_000 } });
  });
  afterAll(async () => {
    await api?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays in the log as it was written', () => {
    const rows = api.store.db.prepare("SELECT data, metadata FROM events WHERE type = 'AuthorizationGranted'").all() as Array<{
      data: string;
      metadata: string;
    }>;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(JSON.parse(row.metadata).schemaVersion).toBe(1);
      expect(JSON.parse(row.data)).not.toHaveProperty('validityDays');
      expect(JSON.parse(row.data)).not.toHaveProperty('autoRenew');
    }
  });

  it('reads as v2 from the event store: GET /v1/authorizations/{id}', async () => {
    const got = await api.as(seller).get(`/v1/authorizations/${ids[0]}`);
    expectStatus(got, 200);
    expect(got.body).toMatchObject({ status: 'ACTIVE', validityDays: 90, autoRenew: false, grantedAt: GRANTED_AT, expiresAt: plusDays(GRANTED_AT, 90) });
  });

  it('reads as v2 in the read models behind both pages', async () => {
    const mine = await api.as(seller).get('/v1/seller/services');
    expectStatus(mine, 200);
    expect(mine.body.items).toEqual([expect.objectContaining({ authorizationId: ids[0], validityDays: 90, autoRenew: false })]);
    const sellers = await api.as(partner).get('/v1/partner/sellers?sort=grantedAt');
    expectStatus(sellers, 200);
    expect(sellers.body.items.map((a: any) => [a.authorizationId, a.validityDays, a.autoRenew])).toEqual(ids.map((id) => [id, 90, false]));
  });

  it('reads as v2 through the audit routes, which say so', async () => {
    const history = await api.as(auditor).get(`/v1/audit/authorizations/${ids[0]}/history`);
    expectStatus(history, 200);
    expect(history.body.events).toHaveLength(1);
    expect(history.body.events[0]).toMatchObject({
      type: 'AuthorizationGranted',
      data: { validityDays: 90, autoRenew: false },
      metadata: { schemaVersion: 2, occurredAt: GRANTED_AT },
    });
    const log = await api.as(auditor).get('/v1/audit/events?type=AuthorizationGranted');
    expect(log.body.events.map((e: any) => [e.data.validityDays, e.data.autoRenew, e.metadata.schemaVersion])).toEqual([
      [90, false, 2],
      [90, false, 2],
    ]);
    const state = await api.as(partner).get(`/v1/audit/authorizations/${ids[1]}/state?asOf=${GRANTED_AT}`);
    expect(state.body).toMatchObject({ status: 'ACTIVE', validityDays: 90, autoRenew: false, revision: 1 });
  });

  it('decides with the upcast facts: a renewal counts the grant’s 90 days again, not the service’s 180', async () => {
    const renewed = await api.as(seller).post(`/v1/authorizations/${ids[0]}/renew`);
    expectStatus(renewed, 200);
    expect(renewed.body.authorization).toMatchObject({ status: 'ACTIVE', renewedAt: T0, expiresAt: plusDays(T0, 90), validityDays: 90 });
  });
});
