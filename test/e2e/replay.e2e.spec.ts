// Blue/green replays: a log of 100,000 events is replayed into fresh read models while a client
// keeps reading both pages; every answer is 200 and shows the authorizations, the rebuilt read
// models equal the ones they replace, and the live projector feeds the new ones afterwards.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, grantedEvent, linkCodeOf, normalizeScopes, type ServiceFacts, type PublishedService, streams } from '#libs/domain';
import type { NewEvent } from '#libs/event-store';
import type { Principal } from '#libs/platform';
import { PROJECTION_COLLECTIONS, PROJECTIONS } from '#libs/read-models';
import { InProcessProjector } from '../../libs/shell/src/read-side/projector.service.js';
import type { SwitchableMemoryReadStore } from '../../libs/shell/src/read-side/switchable-read-store.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectProblem, expectStatus, T0 } from './helpers.js';

const { partner, seller, admin, auditor } = principals;
/** 100 partners x 200 sellers: pages of realistic tenants (a partner's 200 sellers, a seller's 100 services). */
const PARTNERS = 100;
const SELLERS = 200;
const BINDINGS = PARTNERS * SELLERS;
const EVENTS_PER_BINDING = 5;
const APPENDS_PER_COMMIT = 5_000;
const partnerIdOf = (p: number) => `partner-${p + 1}`;
const sellerIdOf = (s: number) => `shop-${s + 1}`;
const RUN = randomUUID();
const COLLECTIONS = PROJECTION_COLLECTIONS.map((c) => c.name);

/** Five events of one binding, as the deciders write them: a grant, then four edits of it. */
function bindingHistory(service: PublishedService, sellerId: string, i: number): NewEvent[] {
  const grantedAt = new Date(Date.parse(T0) - 30 * 86_400_000 + i * 60_000).toISOString();
  const granted = grantedEvent(
    { partnerId: service.partnerId, sellerId, market: 'US_L2L' },
    { service, scopes: normalizeScopes({ authorizedObject: 'SHOP', dataCompass: true }), validityDays: 365, autoRenew: false },
    grantedAt,
  );
  const ref = { authorizationId: granted.data.authorizationId, partnerId: service.partnerId, sellerId, serviceId: service.serviceId };
  const at = (minutes: number) => new Date(Date.parse(grantedAt) + minutes * 60_000).toISOString();
  const events = [
    granted,
    { type: 'AuthorizationAutoRenewChanged', data: { ...ref, autoRenew: true, changedAt: at(1) } },
    { type: 'AuthorizationRenewalRequested', data: { ...ref, requestedAt: at(2) } },
    {
      type: 'AuthorizationScopesChanged',
      data: { ...ref, scopes: normalizeScopes({ authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', dataCompass: true }), changedAt: at(3) },
    },
    { type: 'AuthorizationRenewed', data: { ...ref, renewedAt: at(4), expiresAt: addDays(at(4), 365), autoRenewed: false } },
  ];
  // Unique ids without 200,000 calls to randomUUID: seeding is not what this test measures.
  return events.map((e, k) => ({
    eventId: `${RUN}-${i}-${k}`,
    type: e.type,
    data: e.data,
    metadata: { actor: { role: 'seller', sub: sellerId }, correlationId: `${RUN}-${i}`, causationId: null, occurredAt: at(k), schemaVersion: k === 0 ? 2 : 1 },
  }));
}

function servicePublished(p: number): { service: PublishedService; event: NewEvent } {
  const serviceId = `svc-${p + 1}`;
  const publishedAt = new Date(Date.parse(T0) - 60 * 86_400_000).toISOString();
  const facts: ServiceFacts = {
    serviceId,
    partnerId: partnerIdOf(p),
    name: `Ads of partner ${p + 1}`,
    description: 'Ads and data analysis',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    requestedScopes: { authorizedObjects: ['SHOP', 'SHOP_AND_TIKTOK_ACCOUNT'], dataCompass: true },
    validityDays: 365,
    linkCode: linkCodeOf(serviceId),
    publishedAt,
  };
  const metadata = {
    actor: { role: 'partner', sub: facts.partnerId },
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: publishedAt,
    schemaVersion: 1,
  };
  return { service: { ...facts, status: 'ACTIVE' }, event: { eventId: randomUUID(), type: 'ServicePublished', data: facts, metadata } };
}

describe('replaying the read models from a log of 100,000 events', () => {
  let api: TestApi;
  let store: SwitchableMemoryReadStore;
  const projected = () => Object.fromEntries(Object.entries(store.snapshot()).filter(([name]) => COLLECTIONS.includes(name)));

  const untilCaughtUp = async () => {
    const projector = api.app.get(InProcessProjector);
    const head = await api.store.headPosition();
    while (projector.position() < head) await new Promise((r) => setTimeout(r, 20));
  };

  const replay = async (projection: string) => {
    const started = await api.as(admin).post('/v1/admin/read-models/replays', { projection });
    expectStatus(started, 202);
    expect(started.headers.location).toBe(`/v1/admin/read-models/replays/${started.body.replayId}`);
    return started.body as { replayId: string; status: string };
  };

  const finished = async (replayId: string) => {
    for (;;) {
      const got = await api.as(admin).get(`/v1/admin/read-models/replays/${replayId}`);
      expectStatus(got, 200);
      if (got.body.status !== 'RUNNING') return got.body;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    api = await startApi({ now: T0, config: { processIntervalMs: 3_600_000 } });
    store = api.readStore as SwitchableMemoryReadStore;
    const services = [...Array(PARTNERS).keys()].map(servicePublished);
    await Promise.all(services.map(({ service, event }) => api.store.append(streams.service(service.serviceId), [event], 'no_stream')));
    // Appends queued in one turn of the event loop share one transaction (the store's group commit).
    for (let from = 0; from < BINDINGS; from += APPENDS_PER_COMMIT) {
      const appends: Promise<unknown>[] = [];
      for (let i = from; i < Math.min(BINDINGS, from + APPENDS_PER_COMMIT); i++) {
        const { service } = services[i % PARTNERS]!;
        const sellerId = sellerIdOf(Math.floor(i / PARTNERS));
        appends.push(api.store.append(streams.binding(service.partnerId, sellerId), bindingHistory(service, sellerId, i), 'no_stream'));
      }
      await Promise.all(appends);
    }
    expect(Number(await api.store.headPosition())).toBe(PARTNERS + BINDINGS * EVENTS_PER_BINDING);
    await untilCaughtUp();
  }, 120_000);
  afterAll(() => api.close());

  it('finishes while a client keeps reading both pages, every answer 200 and not empty', async () => {
    const before = projected();
    let replaying = false;
    let done = false;
    const answers = { total: 0, duringReplay: 0 };
    const failures: string[] = [];
    const client = (async () => {
      while (!done) {
        const during = replaying;
        const [sellers, mine] = await Promise.all([api.as(partner).get('/v1/partner/sellers?pageSize=20'), api.as(seller).get('/v1/seller/services')]);
        for (const [name, answer] of [
          ['sellers', sellers],
          ['my services', mine],
        ] as const)
          if (answer.status !== 200 || !(answer.body?.items?.length > 0)) failures.push(`${name}: ${answer.status} ${answer.text.slice(0, 200)}`);
        if (sellers.body?.total !== SELLERS) failures.push(`sellers: total ${sellers.body?.total}`);
        answers.total++;
        if (during && replaying) answers.duringReplay++;
        // A client across a network gives the server's event loop a turn between requests; inject does not.
        await new Promise((r) => setImmediate(r));
      }
    })();

    const started = performance.now();
    replaying = true;
    let result: any;
    try {
      const { replayId, status } = await replay('all');
      expect(status).toBe('RUNNING');
      expectProblem(await api.as(admin).post('/v1/admin/read-models/replays', { projection: 'services' }), 409);
      result = await finished(replayId);
    } finally {
      replaying = false;
      done = true;
      await client;
    }
    const seconds = (performance.now() - started) / 1_000;

    expect(failures).toEqual([]);
    expect(answers.duringReplay).toBeGreaterThan(0);
    expect(result).toMatchObject({ status: 'SWITCHED', projections: PROJECTIONS.map((p) => p.name), eventsLeft: 0, secondsLeft: 0 });
    expect(result.eventsApplied).toBeGreaterThanOrEqual(BINDINGS * EVENTS_PER_BINDING);
    expect(result.appliedPosition).toBe(String(await api.store.headPosition()));
    expect(result.eventsPerSecond).toBeGreaterThan(0);
    expect(store.generation).toBe(1);
    expect(isDeepStrictEqual(projected(), before)).toBe(true);
    console.log(
      `replayed ${result.eventsApplied} events in ${seconds.toFixed(1)} s (${result.eventsPerSecond} events/s); ${answers.total} page pairs answered, ${answers.duringReplay} during the replay`,
    );
  }, 120_000);

  it('keeps feeding the rebuilt read models from the live projector', async () => {
    const id = (await api.as(seller).get('/v1/seller/services')).body.items.find((a: any) => a.partnerId === partner.sub).authorizationId;
    expectStatus(await api.as(seller).post(`/v1/authorizations/${id}/cancel`, { reason: 'after the replay' }), 200);
    const mine = await api.as(seller).get('/v1/seller/services');
    expect(mine.body.items[0]).toMatchObject({ authorizationId: id, status: 'CANCELLED' });
    const counts = (await api.as(partner).get('/v1/partner/sellers?pageSize=1')).body.countsByStatus;
    expect(counts).toMatchObject({ ACTIVE: SELLERS - 1, CANCELLED: 1 });
  });

  it('is for admins, names a projection, and knows its replays', async () => {
    const other: Principal = auditor;
    expectProblem(await api.as(other).post('/v1/admin/read-models/replays', { projection: 'all' }), 403);
    expectProblem(await api.as(admin).post('/v1/admin/read-models/replays', { projection: 'everything' }), 400, 'projection');
    expectProblem(await api.as(admin).post('/v1/admin/read-models/replays', {}), 400, 'projection');
    expectProblem(await api.as(admin).get(`/v1/admin/read-models/replays/${randomUUID()}`), 404);
  });
});
