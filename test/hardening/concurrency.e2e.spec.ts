// Concurrent writers on one binding: the decision and the append are guarded by the stream's
// revision. A conflict is retried inside the handler from a fresh read while the command is still
// valid there; a command the fresh state refuses answers 409 (the state) or 412 (If-Match).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bindingDecider, parseAuthorizationId, streams } from '#libs/domain';
import { loadState } from '#libs/event-store';
import type { Principal } from '#libs/platform';
import { type Answer, principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus, T0 } from '../e2e/helpers.js';
import { L2L_SCOPES, SERVICE } from './support/world.js';

const { partner } = principals;
const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();
const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('concurrent writers', () => {
  let api: TestApi;
  let service: { serviceId: string; linkCode: string };
  let sellers = 0;
  const newSeller = (): Principal => ({ role: 'seller', sub: `race-shop-${++sellers}`, market: 'US_L2L' });
  const grant = (who: Principal, serviceId = service.serviceId, headers?: Record<string, string>) =>
    api.as(who).post('/v1/authorizations', { linkCode: service.linkCode, grants: [{ serviceId, scopes: L2L_SCOPES }] }, headers);
  const eventsOf = async (authorizationId: string) => {
    const key = parseAuthorizationId(authorizationId)!;
    return (await loadState(api.store, streams.binding(key.partnerId, key.sellerId), bindingDecider)).events;
  };

  beforeAll(async () => {
    api = await startApi({ now: T0 });
    const published = await api.as(partner).post('/v1/services', SERVICE);
    expectStatus(published, 201);
    service = published.body;
  });
  afterAll(() => api.close());

  it('20 concurrent duplicate grants: exactly one authorization (one 201, nineteen 409)', async () => {
    const seller = newSeller();
    const before = await api.eventCount();
    const answers = await Promise.all(Array.from({ length: 20 }, () => grant(seller)));
    expect(statuses(answers)).toEqual([201, ...Array(19).fill(409)]);
    const id = answers.find((a) => a.status === 201)!.body.authorizations[0].authorizationId;
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['AuthorizationGranted']);
    expect(await api.eventCount()).toBe(before + 1);
    expect(new Set(answers.filter((a) => a.status === 409).map((a) => a.body.code))).toEqual(new Set(['AUTHORIZATION.ALREADY_ACTIVE']));
  });

  it('the same race five times over, with different sellers at once: one authorization each', async () => {
    const racers = Array.from({ length: 5 }, newSeller);
    const answers = await Promise.all(racers.flatMap((seller) => Array.from({ length: 20 }, () => grant(seller))));
    expect(count(answers, 201)).toBe(5);
    expect(count(answers, 409)).toBe(95);
  });

  it('10 concurrent edits on one revision (If-Match): one 200, nine 412, one event', async () => {
    const granted = await grant(newSeller());
    const id = granted.body.authorizations[0].authorizationId;
    const seller = { role: 'seller', sub: parseAuthorizationId(id)!.sellerId, market: 'US_L2L' } as Principal;
    const current = await api.as(seller).get(`/v1/authorizations/${id}`);
    const etag = String(current.headers.etag);
    const scopes = [
      { ...L2L_SCOPES, shopOperationTicket: true },
      { ...L2L_SCOPES, sellerCenterRoles: ['ADS_MANAGER'] },
      { authorizedObject: 'SHOP', shopOperationTicket: true },
    ];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.as(seller).patch(`/v1/authorizations/${id}`, i % 2 ? { autoRenew: true } : { scopes: scopes[i % 3] }, { 'If-Match': etag }),
      ),
    );
    expect(statuses(answers)).toEqual([200, ...Array(9).fill(412)]);
    expect(new Set(answers.filter((a) => a.status === 412).map((a) => a.body.code))).toEqual(new Set(['AUTHORIZATION.REVISION_MISMATCH']));
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.headers.etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    expect(await eventsOf(id)).toHaveLength(2);
  });

  it('without If-Match, concurrent edits that are all still valid are retried and all succeed', async () => {
    const granted = await grant(newSeller());
    const id = granted.body.authorizations[0].authorizationId;
    const seller = { role: 'seller', sub: parseAuthorizationId(id)!.sellerId, market: 'US_L2L' } as Principal;
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => api.as(seller).patch(`/v1/authorizations/${id}`, { autoRenew: i % 2 === 0 })),
      ...Array.from({ length: 5 }, () => api.as(partner).post(`/v1/authorizations/${id}/renewal-requests`)),
    ]);
    expect(statuses(answers)).toEqual([...Array(5).fill(200), ...Array(5).fill(201)]);
    const types = (await eventsOf(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'AuthorizationRenewalRequested')).toHaveLength(5);
  });

  it('concurrent grants of different services on one binding all succeed (retried, not refused)', async () => {
    const others = await Promise.all(Array.from({ length: 6 }, (_, i) => api.as(partner).post('/v1/services', { ...SERVICE, name: `Other ${i}` })));
    const seller = newSeller();
    const answers = await Promise.all(others.map((o) => grant(seller, o.body.serviceId)));
    expect(statuses(answers)).toEqual(Array(6).fill(201));
  });

  it('a cancel racing edits: the cancel wins once; edits after it are 409, never a lost update', async () => {
    const granted = await grant(newSeller());
    const id = granted.body.authorizations[0].authorizationId;
    const seller = { role: 'seller', sub: parseAuthorizationId(id)!.sellerId, market: 'US_L2L' } as Principal;
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, () => api.as(seller).post(`/v1/authorizations/${id}/cancel`)),
      ...Array.from({ length: 6 }, (_, i) => api.as(seller).patch(`/v1/authorizations/${id}`, { autoRenew: i % 2 === 0 })),
    ]);
    expect(count(answers.slice(0, 3), 200)).toBe(1);
    expect(count(answers.slice(0, 3), 409)).toBe(2);
    const types = (await eventsOf(id)).map((e) => e.type);
    expect(types.filter((t) => t === 'AuthorizationCancelled')).toHaveLength(1);
    expect(types.indexOf('AuthorizationCancelled')).toBe(types.length - 1);
  });
});
