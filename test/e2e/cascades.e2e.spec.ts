// Cascades and restarts: a deactivated service or a banned principal ends every authorization it
// touches, even across a crash in the middle, with no event twice; a restart 40 days later ends
// what fell due in between, each with one event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type PublishedService } from '#libs/domain';
import type { EventStore } from '#libs/event-store';
import { principals, startApi, type TestApi } from '../support/app.js';
import { allEvents, seedGrants } from '../support/seed.js';

const { partner, seller, admin } = principals;
const DAY = 86_400_000;
let api: TestApi | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await api?.close();
  api = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tsp-cascade-'));
  dirs.push(d);
  return d;
};

async function publish(api: TestApi, body: Record<string, unknown> = {}) {
  const res = await api.as(partner).post('/v1/services', {
    name: 'Ads',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    validityDays: 90,
    ...body,
  });
  expect(res.status).toBe(201);
  return (await api.as(partner).get(`/v1/services/${res.body.serviceId}`)).body as PublishedService;
}

const countBy = (ids: string[]) => ids.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});

describe('the deactivation cascade', () => {
  it('over 5,000 authorizations, crashed halfway, finishes after restart with no duplicate event', async () => {
    const dataDir = tempDir();
    let deactivations = 0;
    let crashed = false;
    const crashHalfway = (store: EventStore): EventStore =>
      new Proxy(store, {
        get(target, prop, receiver) {
          if (prop !== 'append') return Reflect.get(target, prop, receiver);
          return async (...args: Parameters<EventStore['append']>) => {
            if (args[1].some((e) => e.type === 'AuthorizationDeactivated')) {
              if (deactivations >= 2_500) {
                crashed = true;
                throw new Error('injected crash');
              }
              deactivations++;
            }
            return target.append(...args);
          };
        },
      });
    api = await startApi({ dataDir, wrapEventStore: crashHalfway });
    const service = await publish(api);
    const sellers = Array.from({ length: 5_000 }, (_, i) => `shop-${i}`);
    const ids = await seedGrants(api.store, service, sellers, { now: api.clock.now().toISOString() });
    expect((await api.as(partner).post(`/v1/services/${service.serviceId}/deactivate`, { reason: 'retired' })).status).toBe(200);
    const start = Date.now();
    while (!crashed && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 20));
    expect(crashed).toBe(true);
    await api.close();

    api = await startApi({ dataDir, now: api.clock.now().toISOString() });
    await api.settle();
    const deactivated = (await allEvents(api.store))
      .filter((e) => e.type === 'AuthorizationDeactivated')
      .map((e) => (e.data as { authorizationId: string }).authorizationId);
    expect(Object.values(countBy(deactivated)).every((n) => n === 1)).toBe(true);
    expect(new Set(deactivated)).toEqual(new Set(ids));
    const page = await api.as(partner).get(`/v1/partner/sellers?serviceId=${service.serviceId}&pageSize=1`);
    expect(page.body.countsByStatus).toEqual({ ACTIVE: 0, EXPIRED: 0, CANCELLED: 0, DEACTIVATED: 5_000 });
  }, 120_000);

  it('a grant that races the deactivation and lands after it ends DEACTIVATED', async () => {
    api = await startApi();
    const service = await publish(api);
    // The grant read the service while it was ACTIVE; the deactivation landed before its append.
    const deactivated = await api.as(partner).post(`/v1/services/${service.serviceId}/deactivate`);
    expect(deactivated.status).toBe(200);
    const [id] = await seedGrants(api.store, { ...service, status: 'ACTIVE' }, [seller.sub], { now: api.clock.now().toISOString() });
    await api.settle();
    expect((await api.as(seller).get(`/v1/authorizations/${id}`)).body).toMatchObject({ status: 'DEACTIVATED', endReason: 'SERVICE_DEACTIVATED' });
    const access = await api.as(partner).get(`/v1/access-checks?partnerId=${partner.sub}&sellerId=${seller.sub}&permission=DATA_COMPASS`);
    expect(access.body).toMatchObject({ allowed: false, reason: 'DEACTIVATED' });
  });

  it('a partner ban deactivates its services and every ACTIVE authorization given to it, for PARTNER_BANNED', async () => {
    api = await startApi();
    const service = await publish(api);
    const ids = await seedGrants(api.store, service, ['shop-a', 'shop-b'], { now: api.clock.now().toISOString() });
    expect((await api.as(admin).post(`/v1/admin/partners/${partner.sub}/ban`, { reason: 'fraud' })).status).toBe(200);
    await api.settle();
    expect((await api.as(admin).get(`/v1/services/${service.serviceId}`)).body.status).toBe('DEACTIVATED');
    for (const id of ids)
      expect((await api.as(admin).get(`/v1/authorizations/${id}`)).body).toMatchObject({ status: 'DEACTIVATED', endReason: 'PARTNER_BANNED' });
    const events = await allEvents(api.store);
    expect(events.filter((e) => e.type === 'AuthorizationDeactivated')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'AuthorizationDeactivated').every((e) => e.metadata.actor.role === 'system')).toBe(true);
  });

  it('a seller ban deactivates every ACTIVE authorization of that seller, for SELLER_BANNED', async () => {
    api = await startApi();
    const service = await publish(api);
    const [mine, other] = await seedGrants(api.store, service, [seller.sub, 'shop-other'], { now: api.clock.now().toISOString() });
    expect((await api.as(admin).post(`/v1/admin/sellers/${seller.sub}/ban`, { reason: 'fraud' })).status).toBe(200);
    await api.settle();
    expect((await api.as(admin).get(`/v1/authorizations/${mine}`)).body).toMatchObject({ status: 'DEACTIVATED', endReason: 'SELLER_BANNED' });
    expect((await api.as(admin).get(`/v1/authorizations/${other}`)).body.status).toBe('ACTIVE');
  });
});

describe('a restart 40 days later', () => {
  it('ends what fell due while the server was down, each with one event', async () => {
    const dataDir = tempDir();
    api = await startApi({ dataDir });
    const short = await publish(api, { validityDays: 10 });
    const renewing = await publish(api, { validityDays: 30 });
    const long = await publish(api, { validityDays: 90 });
    const now = api.clock.now().toISOString();
    const [expiring] = await seedGrants(api.store, short, ['shop-1'], { now });
    const [autoRenewed] = await seedGrants(api.store, renewing, ['shop-2'], { now, autoRenew: true });
    const [kept, requested] = await seedGrants(api.store, long, ['shop-3', 'shop-4'], { now });
    expect((await api.as(partner).post(`/v1/authorizations/${requested}/cancellation-requests`, { reason: 'closing' })).status).toBe(201);
    const proposal = await api.as(partner).post('/v1/proposals', {
      sellerId: 'shop-5',
      sellerMarket: 'US_L2L',
      services: [{ serviceId: long.serviceId, scopes: { authorizedObject: 'SHOP' } }],
      expiresInDays: 7,
    });
    expect(proposal.status).toBe(201);
    await api.settle();
    const later = new Date(api.clock.now().getTime() + 40 * DAY).toISOString();
    await api.close();

    api = await startApi({ dataDir, now: later });
    await api.settle();
    const events = await allEvents(api.store);
    const of = (id: string, type: string) => events.filter((e) => e.type === type && (e.data as { authorizationId?: string }).authorizationId === id);
    expect(of(expiring!, 'AuthorizationExpired')).toHaveLength(1);
    expect(of(autoRenewed!, 'AuthorizationRenewed')).toHaveLength(1);
    expect(of(autoRenewed!, 'AuthorizationExpired')).toHaveLength(0);
    expect(of(requested!, 'AuthorizationCancelled')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ProposalExpired')).toHaveLength(1);
    expect(events.filter((e) => (e.data as { authorizationId?: string }).authorizationId === kept).map((e) => e.type)).toEqual(['AuthorizationGranted']);
  }, 60_000);
});
