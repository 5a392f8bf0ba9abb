// Time and processes, with a clock the test controls: expiry, auto-renew, renewal after expiry,
// the 72-hour cancellation timeout, proposal expiry, the expiring reminders, and the cascades.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Reminder } from '#libs/domain';
import { principals, startApi, type TestApi } from '../support/app.js';
import { allEvents } from '../support/seed.js';

const { partner, seller } = principals;
const DAY = 86_400_000;
let api: TestApi;
afterEach(async () => api?.close());

async function publish(api: TestApi, overrides: Record<string, unknown> = {}) {
  const res = await api.as(partner).post('/v1/services', {
    name: 'Ads optimisation',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'US_CB'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    validityDays: 30,
    ...overrides,
  });
  expect(res.status).toBe(201);
  return res.body as { serviceId: string; linkCode: string };
}

async function grant(api: TestApi, service: { serviceId: string; linkCode: string }, extra: Record<string, unknown> = {}, who = seller) {
  const res = await api.as(who).post('/v1/authorizations', {
    linkCode: service.linkCode,
    grants: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true }, ...extra }],
  });
  expect(res.status).toBe(201);
  return res.body.authorizations[0].authorizationId as string;
}

const eventsOf = async (api: TestApi, authorizationId: string) =>
  (await allEvents(api.store)).filter((e) => (e.data as { authorizationId?: string }).authorizationId === authorizationId);
const view = async (api: TestApi, id: string) => (await api.as(seller).get(`/v1/authorizations/${id}`)).body;

describe('expiry and auto-renew', () => {
  it('an authorization expires at expiresAt, by the system, once', async () => {
    api = await startApi();
    const id = await grant(api, await publish(api));
    api.clock.advance(30 * DAY - 1);
    await api.settle();
    expect((await view(api, id)).status).toBe('ACTIVE');
    api.clock.advance(1);
    await api.settle();
    await api.settle();
    const expired = (await eventsOf(api, id)).filter((e) => e.type === 'AuthorizationExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0]!.metadata.actor).toEqual({ role: 'system', sub: 'expiry' });
    expect(expired[0]!.metadata.causationId).toMatch(/^timer:expiry:/);
    expect(await view(api, id)).toMatchObject({ status: 'EXPIRED', endReason: 'EXPIRED' });
  });

  it('with auto-renew on and the service active, the system renews instead', async () => {
    api = await startApi();
    const id = await grant(api, await publish(api), { autoRenew: true });
    api.clock.advance(30 * DAY);
    await api.settle();
    const renewed = (await eventsOf(api, id)).filter((e) => e.type === 'AuthorizationRenewed');
    expect(renewed).toHaveLength(1);
    expect(renewed[0]!.metadata.actor).toEqual({ role: 'system', sub: 'expiry' });
    expect(await view(api, id)).toMatchObject({ status: 'ACTIVE', expiresAt: new Date(api.clock.now().getTime() + 30 * DAY).toISOString() });
  });

  it('the seller renews after expiry: ACTIVE again for its validity from now', async () => {
    api = await startApi();
    const id = await grant(api, await publish(api));
    api.clock.advance(31 * DAY);
    await api.settle();
    const renewed = await api.as(seller).post(`/v1/authorizations/${id}/renew`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.authorization).toMatchObject({ status: 'ACTIVE', expiresAt: new Date(api.clock.now().getTime() + 30 * DAY).toISOString() });
  });
});

describe('the cancellation request timeout', () => {
  it('an unanswered request cancels after 72 hours, as of its due time', async () => {
    api = await startApi();
    const id = await grant(api, await publish(api));
    expect((await api.as(partner).post(`/v1/authorizations/${id}/cancellation-requests`, { reason: 'closing' })).status).toBe(201);
    const dueAt = new Date(api.clock.now().getTime() + 72 * 3_600_000).toISOString();
    api.clock.advance(72 * 3_600_000);
    await api.settle();
    const cancelled = (await eventsOf(api, id)).filter((e) => e.type === 'AuthorizationCancelled');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.data).toMatchObject({ endReason: 'PARTNER_CANCELLATION_TIMEOUT', cancelledAt: dueAt });
    expect(cancelled[0]!.metadata.actor).toEqual({ role: 'system', sub: 'cancellation-timeout' });
  });
});

describe('an unanswered request shows CANCELLED everywhere at its due time, before the timeout runs', () => {
  it('in the view, the filters, the counts and the active counts alike', async () => {
    api = await startApi({ config: { processIntervalMs: 3_600_000 } });
    const service = await publish(api);
    const id = await grant(api, service);
    expect((await api.as(partner).post(`/v1/authorizations/${id}/cancellation-requests`, { reason: 'closing' })).status).toBe(201);
    api.clock.advance(72 * 3_600_000);
    const page = (status: string) => api.as(partner).get(`/v1/partner/sellers?status=${status}`);
    expect((await page('ACTIVE')).body.total).toBe(0);
    const cancelled = await page('CANCELLED');
    expect(cancelled.body.items.map((v: { authorizationId: string }) => v.authorizationId)).toEqual([id]);
    expect(cancelled.body.items[0]).toMatchObject({ status: 'CANCELLED', endReason: 'PARTNER_CANCELLATION_TIMEOUT' });
    expect(cancelled.body.countsByStatus).toEqual({ ACTIVE: 0, EXPIRED: 0, CANCELLED: 1, DEACTIVATED: 0 });
    expect((await api.as(partner).get('/v1/partner/services')).body.items[0].activeAuthorizations).toBe(0);
    expect((await eventsOf(api, id)).map((e) => e.type)).toEqual(['AuthorizationGranted', 'AuthorizationCancellationRequested']);
  });
});

describe('proposal expiry', () => {
  it('an unanswered proposal expires after expiresInDays', async () => {
    api = await startApi();
    const service = await publish(api);
    const created = await api.as(partner).post('/v1/proposals', {
      sellerId: seller.sub,
      sellerMarket: 'US_L2L',
      services: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP' } }],
      expiresInDays: 7,
    });
    expect(created.status).toBe(201);
    api.clock.advance(7 * DAY);
    await api.settle();
    const expired = (await allEvents(api.store)).filter((e) => e.type === 'ProposalExpired');
    expect(expired).toHaveLength(1);
    expect(expired[0]!.metadata.actor).toEqual({ role: 'system', sub: 'proposal-expiry' });
    expect((await api.as(seller).get('/v1/seller/proposals')).body.items[0].status).toBe('EXPIRED');
  });
});

describe('the expiring reminders', () => {
  it('fire 30, 7 and 1 days before expiresAt, once each', async () => {
    const sent: Reminder[] = [];
    api = await startApi({ reminders: { notify: async (r) => void sent.push(...r) } });
    const id = await grant(api, await publish(api, { validityDays: 60 }));
    for (let day = 1; day <= 61; day++) {
      api.clock.advance(DAY);
      await api.settle();
      await api.settle();
    }
    expect(sent.filter((r) => r.authorizationId === id).map((r) => r.days)).toEqual([30, 7, 1]);
    expect(new Set(sent.map((r) => r.reminderId)).size).toBe(3);
  });
});
