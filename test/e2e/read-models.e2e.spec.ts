// The read models themselves: a partner's (or a seller's) page examines only that tenant's
// documents; rebuilt from the log they come out equal; replayed twice they do not change.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { applyBatch, MemoryReadStore, PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner, type ReadDocument } from '#libs/read-models';
import { startApi, type TestApi } from '../support/app.js';
import { expectProblem, expectStatus, nowOf, T0 } from './helpers.js';
import { ADMIN, buildWorld, PARTNER_A, PARTNER_B, scopesFor, type Service, statusAt, type World } from './pages.world.js';

const NAMES = PROJECTION_COLLECTIONS.map((c) => c.name);
/** The documents of the projections' collections, which is what a rebuild writes. */
const projected = (store: MemoryReadStore) => Object.fromEntries(Object.entries(store.snapshot()).filter(([name]) => NAMES.includes(name)));

async function rebuild(api: TestApi, into: MemoryReadStore, batchSize: number): Promise<void> {
  const runner = new ProjectionRunner(api.store, into, PROJECTIONS, PROJECTION_COLLECTIONS, { batchSize });
  await runner.start();
  await runner.caughtUp;
  await runner.stop();
  expect(runner.position).toBe(await api.store.headPosition());
}

describe('the read models', () => {
  let api: TestApi;
  let world: World;
  const extra = { partnerA: 0 };
  const seller: Principal = { role: 'seller', sub: 'rm-1', market: 'US_L2L' };

  /** The processes have handled the log and the read models have applied all of it. */
  const quiet = async () => {
    for (let settled = 0; settled < 3;) {
      await api.settle();
      const head = await api.store.headPosition();
      const behind = (await Promise.all(PROJECTIONS.map((p) => api.readStore.checkpoint(p.name)))).some((c) => c < head);
      await new Promise((r) => setTimeout(r, 10));
      settled = !behind && head === (await api.store.headPosition()) ? settled + 1 : 0;
    }
  };

  beforeAll(async () => {
    api = await startApi({ now: T0, config: { processIntervalMs: 3_600_000 } });
    world = await buildWorld(api);
    // Every kind of event the projections handle, besides the world's grants, cancellations, renewals and removals.
    const { aAds, aReports } = world.services as Record<string, Service>;
    const ok = async (answer: Promise<{ status: number; text: string; body: any }>, status = 200) => {
      const got = await answer;
      expectStatus(got as never, status);
      return got.body;
    };
    const granted = await ok(
      api.as(seller).post('/v1/authorizations', {
        linkCode: aAds!.linkCode,
        grants: [aAds!, aReports!].map((s) => ({ serviceId: s.serviceId, scopes: scopesFor(s, 'US_L2L') })),
      }),
      201,
    );
    extra.partnerA += 2;
    const [ads, reports] = granted.authorizations.map((a: { authorizationId: string }) => `/v1/authorizations/${a.authorizationId}`);
    api.clock.advanceHours(1);
    await ok(api.as(seller).patch(ads, { scopes: { authorizedObject: 'SHOP' }, autoRenew: true }));
    await ok(api.as(PARTNER_A).post(`${ads}/renewal-requests`), 201);
    await ok(api.as(PARTNER_A).post(`${ads}/cancellation-requests`, { reason: 'Budget' }), 201);
    await ok(api.as(seller).post(`${ads}/cancellation-requests/reject`));
    await ok(api.as(PARTNER_A).post(`${reports}/cancellation-requests`, { reason: 'Budget' }), 201);
    await ok(api.as(seller).post(`${reports}/cancellation-requests/approve`));
    await ok(api.as(seller).delete(reports));
    await ok(
      api
        .as(seller)
        .post('/v1/authorizations', { linkCode: aReports!.linkCode, grants: [{ serviceId: aReports!.serviceId, scopes: scopesFor(aReports!, 'US_L2L') }] }),
      201,
    );
    const expired = world.rows.find((r) => r.partnerId === PARTNER_A.sub && statusAt(r, nowOf(api)) === 'EXPIRED')!;
    await ok(api.as(world.sellers.find((s) => s.sub === expired.sellerId)!).post(`/v1/authorizations/${expired.authorizationId}/renew`));
    const temp = await ok(
      api
        .as(PARTNER_B)
        .post('/v1/services', { name: 'Temp', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } }),
      201,
    );
    const proposal = await ok(
      api.as(PARTNER_B).post('/v1/proposals', {
        sellerId: 'rm-1',
        sellerMarket: 'US_L2L',
        services: [{ serviceId: temp.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
      }),
      201,
    );
    await ok(api.as(PARTNER_B).post(`/v1/services/${temp.serviceId}/deactivate`));
    expectProblem(await api.as(seller).post(`/v1/proposals/${proposal.proposalId}/sign`), 409);
    await ok(api.as(ADMIN).post('/v1/admin/sellers/s-79/ban', { reason: 'Fraud' }));
    await quiet();
  }, 120_000);
  afterAll(() => api.close());

  describe('a page examines only its tenant’s documents', () => {
    it.each([
      ['partner A, no filter', PARTNER_A, ''],
      ['partner A, a status', PARTNER_A, '?status=CANCELLED'],
      ['partner A, a market and a sort', PARTNER_A, '?market=EU&sort=expiresAt'],
      ['partner B, no filter', PARTNER_B, ''],
    ])('the Seller management page of %s', async (_name, partner, query) => {
      const count = world.rows.filter((r) => r.partnerId === partner.sub).length + (partner === PARTNER_A ? extra.partnerA : 0);
      expectStatus(await api.as(partner).get(`/v1/partner/sellers${query}`), 200);
      expect(api.readStore.lastExamined).toBe(count);
    });

    it('two partners of different sizes examine different numbers: the count is the tenant’s, not the collection’s', async () => {
      const a = world.rows.filter((r) => r.partnerId === PARTNER_A.sub).length + extra.partnerA;
      const b = world.rows.filter((r) => r.partnerId === PARTNER_B.sub).length;
      expect(a).not.toBe(b);
      expect(api.readStore.snapshot().authorizations!.length).toBe(a + b);
    });

    it('the my service page of a seller', async () => {
      for (const s of world.sellers.slice(0, 10)) {
        expectStatus(await api.as(s).get('/v1/seller/services'), 200);
        expect(api.readStore.lastExamined).toBe(world.rows.filter((r) => r.sellerId === s.sub).length);
      }
    });
  });

  describe('rebuilt from the log', () => {
    it('deleting the read models and rebuilding them gives equal models, whatever the batch size', async () => {
      const live = projected(api.readStore);
      expect(live.authorizations!.length).toBeGreaterThan(250);
      for (const batchSize of [1, 7, 1_000]) {
        const fresh = new MemoryReadStore();
        await rebuild(api, fresh, batchSize);
        expect(projected(fresh)).toEqual(live);
      }
    });

    it('replaying the whole log a second time into the built store changes nothing (a second runner from position 0)', async () => {
      const store = new MemoryReadStore();
      await rebuild(api, store, 50);
      const once = projected(store);
      await store.reset(
        PROJECTIONS.map((p) => p.name),
        [],
      ); // the checkpoints only: the documents stay
      for (const p of PROJECTIONS) expect(await store.checkpoint(p.name)).toBe(0n);
      await rebuild(api, store, 13);
      expect(projected(store)).toEqual(once);
      expect(projected(store)).toEqual(projected(api.readStore));
    });

    it('applying every event twice, batch by batch, gives the same documents', async () => {
      const log = await api.store.readAll({ fromPosition: 0n, limit: 1_000_000 });
      const store = new MemoryReadStore();
      await store.ensureCollections(PROJECTION_COLLECTIONS);
      for (const projection of PROJECTIONS) {
        for (const pass of [1, 2]) {
          const ids = [...new Set(log.filter((e) => projection.handles.includes(e.type)).flatMap((e) => projection.documentIds(e)))];
          const loaded = await store.load(projection.collection, ids);
          const writes = applyBatch(projection, pass === 1 ? log : [...log, ...log], loaded as Map<string, ReadDocument>);
          if (pass === 2) expect(writes.filter((w) => w.document !== null)).toEqual([]); // nothing newer than what each document applied
          await store.commit(projection.name, log[log.length - 1]!.position, writes);
        }
      }
      expect(projected(store)).toEqual(projected(api.readStore));
    });
  });
});
