// The read side over a few hundred authorizations of two partners: the Seller management page
// (filters, sorts, paging, counts, CSV), the my service page, the partner's services and both
// sides' proposals, checked against the test's own model of what was granted and done.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { startApi, type TestApi } from '../support/app.js';
import { expectOrdered, expectStatus, nowOf, parseCsv, plusDays, Positions, refused, T0 } from './helpers.js';
import { buildWorld, type Market, PARTNER_A, PARTNER_B, type Row, type Status, STATUSES, statusAt, type World } from './pages.world.js';

interface Query {
  status?: Status;
  market?: Market;
  serviceId?: string;
  sellerId?: string;
  expiringWithinDays?: number;
}
const SORTS = ['grantedAt', '-grantedAt', 'expiresAt', '-expiresAt', 'updatedAt', '-updatedAt'] as const;
const qs = (q: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

describe('the pages', () => {
  let api: TestApi;
  let world: World;
  let now: string;

  const expected = (partnerId: string, q: Query) =>
    world.rows.filter((r) => {
      const status = statusAt(r, now);
      if (r.partnerId !== partnerId) return false;
      if (q.market && r.market !== q.market) return false;
      if (q.serviceId && r.serviceId !== q.serviceId) return false;
      if (q.sellerId && r.sellerId !== q.sellerId) return false;
      if (q.expiringWithinDays && !(status === 'ACTIVE' && r.expiresAt <= plusDays(now, q.expiringWithinDays))) return false;
      return !q.status || status === q.status;
    });
  const ids = (rows: { authorizationId: string }[]) => rows.map((r) => r.authorizationId).sort();
  /** Every page of a query, pageSize 100, each row once. */
  const allPages = async (who: Principal, q: Record<string, unknown>) => {
    const items: (Row & { updatedAt: string; status: Status; endReason?: string })[] = [];
    let first: { total: number; countsByStatus: Record<Status, number> } | undefined;
    for (let page = 1; page === 1 || items.length < first!.total; page++) {
      const answer = await api.as(who).get(`/v1/partner/sellers?${qs({ ...q, page, pageSize: 100 })}`);
      expectStatus(answer, 200);
      first ??= answer.body;
      items.push(...answer.body.items);
      if (answer.body.items.length === 0) break;
    }
    expect(new Set(items.map((i) => i.authorizationId)).size).toBe(items.length);
    return { ...first!, items };
  };

  beforeAll(async () => {
    // No deadline pass during the suite: an ACTIVE authorization past its expiresAt must show EXPIRED with no event.
    api = await startApi({ now: T0, config: { processIntervalMs: 3_600_000 } });
    world = await buildWorld(api);
    now = nowOf(api);
  }, 120_000);
  afterAll(() => api.close());

  it('the world is varied enough for the checks to mean something', async () => {
    const a = expected(PARTNER_A.sub, {});
    expect(world.rows.length).toBeGreaterThanOrEqual(250);
    for (const s of STATUSES) expect(a.filter((r) => statusAt(r, now) === s).length).toBeGreaterThanOrEqual(5);
    expect((await api.store.readAll({ fromPosition: 0n, limit: 100_000, types: ['AuthorizationExpired'] })).length).toBe(0);
  });

  describe('GET /v1/partner/sellers: the Seller management page', () => {
    const queries: [string, (w: World) => Query][] = [
      ['no filter', () => ({})],
      ...STATUSES.map((status): [string, () => Query] => [`status ${status}`, () => ({ status })]),
      ['market EU', () => ({ market: 'EU' })],
      ['market US_CB', () => ({ market: 'US_CB' })],
      ['a serviceId', (w) => ({ serviceId: w.services.aTrial!.serviceId })],
      ['a sellerId', () => ({ sellerId: 's-12' })],
      ['expiringWithinDays 3', () => ({ expiringWithinDays: 3 })],
      ['expiringWithinDays 60', () => ({ expiringWithinDays: 60 })],
      ['status EXPIRED of the short trial service', (w) => ({ status: 'EXPIRED', serviceId: w.services.aTrial!.serviceId })],
      ['status ACTIVE, market US_L2L, a serviceId', (w) => ({ status: 'ACTIVE', market: 'US_L2L', serviceId: w.services.aAds!.serviceId })],
      ['market SEA, expiringWithinDays 365', () => ({ market: 'SEA', expiringWithinDays: 365 })],
      ['status CANCELLED, market OTHER', () => ({ status: 'CANCELLED', market: 'OTHER' })],
    ];
    it.each(queries)('filter: %s; countsByStatus under the same filters but status', async (_name, make) => {
      const q = make(world);
      const want = expected(PARTNER_A.sub, q);
      const got = await allPages(PARTNER_A, q as Record<string, unknown>);
      expect(ids(got.items)).toEqual(ids(want));
      expect(got.total).toBe(want.length);
      const counts = Object.fromEntries(STATUSES.map((s) => [s, expected(PARTNER_A.sub, { ...q, status: s }).length]));
      expect(got.countsByStatus).toEqual(counts);
      for (const item of got.items) {
        const row = want.find((r) => r.authorizationId === item.authorizationId)!;
        const status = statusAt(row, now);
        expect(item).toMatchObject({
          partnerId: row.partnerId,
          sellerId: row.sellerId,
          serviceId: row.serviceId,
          market: row.market,
          grantedAt: row.grantedAt,
          expiresAt: row.expiresAt,
          status,
        });
        expect(item.endReason).toBe({ ACTIVE: undefined, EXPIRED: 'EXPIRED', CANCELLED: 'SELLER_CANCELLED', DEACTIVATED: 'ADMIN_DEACTIVATED' }[status]);
      }
    });

    it.each(SORTS)('sort %s: every row once, in order', async (sort) => {
      const got = await allPages(PARTNER_A, { sort });
      expect(ids(got.items)).toEqual(ids(expected(PARTNER_A.sub, {})));
      expectOrdered(
        got.items.map((i) => i[sort.replace('-', '') as 'grantedAt']),
        sort.startsWith('-') ? -1 : 1,
      );
    });

    it('the default sort is -updatedAt; the default page is 1 of 20', async () => {
      const answer = await api.as(PARTNER_A).get('/v1/partner/sellers');
      expect(answer.body).toMatchObject({ page: 1, pageSize: 20, total: expected(PARTNER_A.sub, {}).length });
      expect(answer.body.items).toHaveLength(20);
      expect((await allPages(PARTNER_A, { sort: '-updatedAt' })).items.slice(0, 20).map((i) => i.authorizationId)).toEqual(
        answer.body.items.map((i: Row) => i.authorizationId),
      );
    });

    it('paging: full pages, the last partial page, and a page past the end (empty, with the right total)', async () => {
      const total = expected(PARTNER_A.sub, { market: 'US_L2L' }).length;
      const size = [7, 8, 9, 11, 13].find((n) => total % n !== 0)!;
      const q = { market: 'US_L2L', sort: 'expiresAt', pageSize: size };
      const pages = Math.ceil(total / size);
      const seen: string[] = [];
      for (let page = 1; page <= pages + 1; page++) {
        const answer = await api.as(PARTNER_A).get(`/v1/partner/sellers?${qs({ ...q, page })}`);
        expect(answer.body).toMatchObject({ page, pageSize: size, total });
        expect(answer.body.items).toHaveLength(page < pages ? size : page === pages ? total % size : 0);
        seen.push(...answer.body.items.map((i: Row) => i.authorizationId));
      }
      expect([...seen].sort()).toEqual(ids(expected(PARTNER_A.sub, { market: 'US_L2L' })));
    });

    it('no row of the other partner ever appears, whatever the filter', async () => {
      const b = await allPages(PARTNER_B, {});
      expect(ids(b.items)).toEqual(ids(expected(PARTNER_B.sub, {})));
      expect(b.items.every((i) => i.partnerId === PARTNER_B.sub)).toBe(true);
      const ofA = await allPages(PARTNER_B, { serviceId: world.services.aAds!.serviceId });
      expect(ofA).toMatchObject({ items: [], total: 0, countsByStatus: { ACTIVE: 0, EXPIRED: 0, CANCELLED: 0, DEACTIVATED: 0 } });
      const shared = await allPages(PARTNER_B, { sellerId: 's-12' });
      expect(ids(shared.items)).toEqual(ids(expected(PARTNER_B.sub, { sellerId: 's-12' })));
    });

    it('CSV export: a header line, then every matching row, unpaged, in the sort order', async () => {
      for (const [q, sort] of [
        [{}, 'expiresAt'],
        [{ market: 'EU', status: 'ACTIVE' }, '-grantedAt'],
      ] as const) {
        const answer = await api.as(PARTNER_A, { Accept: 'text/csv' }).get(`/v1/partner/sellers?${qs({ ...q, sort })}`);
        expectStatus(answer, 200);
        expect(String(answer.headers['content-type'])).toMatch(/^text\/csv\b/);
        const [header, ...rows] = parseCsv(answer.text);
        const column = (name: string) => header!.indexOf(name);
        expect(column('authorizationId')).toBeGreaterThanOrEqual(0);
        const want = expected(PARTNER_A.sub, q as Query);
        expect(rows.map((r) => r[column('authorizationId')]!).sort()).toEqual(ids(want));
        expectOrdered(
          rows.map((r) => r[column(sort.replace('-', ''))]!),
          sort.startsWith('-') ? -1 : 1,
        );
      }
      expect(expected(PARTNER_A.sub, {}).length).toBeGreaterThan(100); // more than the largest page
      const paged = await api.as(PARTNER_A, { Accept: 'text/csv' }).get('/v1/partner/sellers?page=2&pageSize=5');
      expect(parseCsv(paged.text).length - 1).toBe(expected(PARTNER_A.sub, {}).length); // paging parameters do not page the export
    });
  });

  describe('GET /v1/seller/services: the my service page', () => {
    it.each([
      ['US_L2L', ['App & service', 'Find partner']],
      ['EU', ['App & service', 'Find partner']],
      ['US_CB', ['App & service', 'TikTok Shop partners']],
      ['SEA', ['Growth', 'TikTok Shop partners']],
      ['OTHER', ['Growth', 'TikTok Shop partners']],
    ])('a %s seller: its authorizations of both partners, under its market menu', async (market, menuPath) => {
      for (const seller of world.sellers.filter((s) => s.market === market).slice(0, 4)) {
        const answer = await api.as(seller).get('/v1/seller/services');
        expectStatus(answer, 200);
        expect(answer.body.menuPath).toEqual(menuPath);
        const mine = world.rows.filter((r) => r.sellerId === seller.sub && !r.removed);
        expect(ids(answer.body.items)).toEqual(ids(mine));
      }
    });

    it('removed ones are absent from the seller page, still on the partner page', async () => {
      const removed = world.rows.filter((r) => r.removed);
      expect(removed.length).toBeGreaterThan(0);
      for (const row of removed) {
        const seller = world.sellers.find((s) => s.sub === row.sellerId)!;
        expect(ids((await api.as(seller).get('/v1/seller/services')).body.items)).not.toContain(row.authorizationId);
        const partner = row.partnerId === PARTNER_A.sub ? PARTNER_A : PARTNER_B;
        expect(ids((await allPages(partner, { sellerId: row.sellerId })).items)).toContain(row.authorizationId);
      }
    });

    it('status and expiringWithinDays filters', async () => {
      for (const seller of world.sellers.slice(0, 20)) {
        const mine = world.rows.filter((r) => r.sellerId === seller.sub && !r.removed);
        for (const status of STATUSES) {
          const answer = await api.as(seller).get(`/v1/seller/services?status=${status}`);
          expect(ids(answer.body.items)).toEqual(ids(mine.filter((r) => statusAt(r, now) === status)));
        }
        const soon = await api.as(seller).get('/v1/seller/services?expiringWithinDays=5');
        expect(ids(soon.body.items)).toEqual(ids(mine.filter((r) => statusAt(r, now) === 'ACTIVE' && r.expiresAt <= plusDays(now, 5))));
      }
    });
  });

  it('GET /v1/partner/services: each service with its count of ACTIVE authorizations; status filter', async () => {
    const answer = await api.as(PARTNER_A).get('/v1/partner/services');
    expectStatus(answer, 200);
    const own = Object.values(world.services).filter((s) => s.partner === PARTNER_A);
    expect(answer.body.items.map((s: { serviceId: string }) => s.serviceId).sort()).toEqual(own.map((s) => s.serviceId).sort());
    for (const item of answer.body.items) {
      expect(item.partnerId).toBe(PARTNER_A.sub);
      expect(item.activeAuthorizations).toBe(world.rows.filter((r) => r.serviceId === item.serviceId && statusAt(r, now) === 'ACTIVE').length);
    }
    const b = (status: string) => api.as(PARTNER_B).get(`/v1/partner/services?status=${status}`);
    expect((await b('DEACTIVATED')).body.items.map((s: { serviceId: string }) => s.serviceId)).toEqual([world.services.bOld!.serviceId]);
    expect((await b('ACTIVE')).body.items.map((s: { serviceId: string }) => s.serviceId).sort()).toEqual(
      [world.services.bLive!.serviceId, world.services.bCreators!.serviceId].sort(),
    );
  });

  it.each([undefined, 'PENDING', 'SIGNED', 'DECLINED', 'WITHDRAWN', 'FAILED'])('proposals of both sides, status %s', async (status) => {
    const want = (f: (p: World['proposals'][number]) => boolean) =>
      world.proposals
        .filter((p) => f(p) && (!status || p.status === status))
        .map((p) => p.proposalId)
        .sort();
    const got = async (who: Principal, path: string) => {
      const answer = await api.as(who).get(`${path}${status ? `?status=${status}` : ''}`);
      expectStatus(answer, 200);
      return answer.body.items.map((p: { proposalId: string }) => p.proposalId).sort();
    };
    expect(await got(PARTNER_A, '/v1/partner/proposals')).toEqual(want((p) => p.partnerId === PARTNER_A.sub));
    expect(await got(PARTNER_B, '/v1/partner/proposals')).toEqual(want((p) => p.partnerId === PARTNER_B.sub));
    expect(await got({ role: 'seller', sub: 'p-l2l-1', market: 'US_L2L' }, '/v1/seller/proposals')).toEqual(want((p) => p.sellerId === 'p-l2l-1'));
  });

  it.each([
    ['/v1/partner/sellers', 'status', 'LAPSED'],
    ['/v1/partner/sellers', 'market', 'MARS'],
    ['/v1/partner/sellers', 'serviceId', 'not an id!'],
    ['/v1/partner/sellers', 'sellerId', 'not an id!'],
    ['/v1/partner/sellers', 'expiringWithinDays', '366'],
    ['/v1/partner/sellers', 'expiringWithinDays', 'soon'],
    ['/v1/partner/sellers', 'sort', 'name'],
    ['/v1/partner/sellers', 'page', '0'],
    ['/v1/partner/sellers', 'pageSize', '101'],
    ['/v1/partner/sellers', 'colour', 'red'],
    ['/v1/partner/services', 'status', 'EXPIRED'],
    ['/v1/partner/proposals', 'status', 'ACTIVE'],
  ])('%s?%s=%s is 400 naming the parameter', (path, name, value) =>
    refused(api, () => api.as(PARTNER_A).get(`${path}?${name}=${encodeURIComponent(value)}`), 400, name),
  );

  it.each([
    ['status', 'LAPSED'],
    ['expiringWithinDays', '0'],
  ])('/v1/seller/services?%s=%s is 400 naming the parameter', (name, value) =>
    refused(api, () => api.as(world.sellers[0]!).get(`/v1/seller/services?${name}=${value}`), 400, name),
  );

  describe('commands seen by the pages (these change the world and the clock: they run last, in this order)', () => {
    it('X-Min-Position of a position just written answers at once, with the write', async () => {
      const row = world.rows.find((r) => r.partnerId === PARTNER_B.sub && statusAt(r, now) === 'ACTIVE')!;
      const asked = await api.as(PARTNER_B).post(`/v1/authorizations/${row.authorizationId}/renewal-requests`);
      const position = new Positions().expect(asked, 201);
      const started = Date.now();
      const page = await api.as(PARTNER_B, { 'X-Min-Position': String(position) }).get(`/v1/partner/sellers?sellerId=${row.sellerId}`);
      expect(Date.now() - started).toBeLessThan(1_000);
      expectStatus(page, 200);
      expect(page.body.items.find((i: Row) => i.authorizationId === row.authorizationId).renewalRequestedAt).toBe(now);
    });

    it('every proposal created can be found again (each id leads back to it)', async () => {
      const seller: Principal = { role: 'seller', sub: 'p-l2l-9', market: 'US_L2L' };
      const service = world.services.bLive!;
      const body = {
        sellerId: seller.sub,
        sellerMarket: 'US_L2L',
        services: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
      };
      const unreachable: string[] = [];
      for (let i = 0; i < 160; i++) {
        const created = await api.as(PARTNER_B).post('/v1/proposals', body);
        expectStatus(created, 201);
        const declined = await api.as(seller).post(`/v1/proposals/${created.body.proposalId}/decline`);
        if (declined.status !== 200) unreachable.push(`${created.body.proposalId}: ${declined.status}`);
      }
      expect(unreachable).toEqual([]);
    });

    it('a bulk renewal request by expiringWithinDays asks for exactly the ACTIVE ones expiring within it, of this partner only', async () => {
      const within = expected(PARTNER_A.sub, { expiringWithinDays: 30 });
      expect(within.length).toBeGreaterThan(5);
      const answer = await api.as(PARTNER_A).post('/v1/partner/renewal-requests', { expiringWithinDays: 30 });
      new Positions().expect(answer, 201);
      expect(answer.body.requested).toBe(within.length);
      const asked = (await allPages(PARTNER_A, {})).items.filter((i) => (i as { renewalRequestedAt?: string }).renewalRequestedAt === now);
      expect(ids(asked)).toEqual(ids(within));
      const ofB = (await allPages(PARTNER_B, {})).items.filter((i) => (i as { renewalRequestedAt?: string }).renewalRequestedAt !== undefined);
      expect(ofB).toHaveLength(1); // only the one asked for above
    });

    it('an authorization past its expiresAt is EXPIRED at once, with no event: denied, offered again on the link, granted again', async () => {
      const trial = world.services.aTrial!;
      const seller: Principal = { role: 'seller', sub: 'x-1', market: 'EU' };
      const check = () => api.as(PARTNER_A).get('/v1/access-checks?partnerId=partner-1&sellerId=x-1&permission=DATA_COMPASS');
      const grant = () =>
        api
          .as(seller)
          .post('/v1/authorizations', { linkCode: trial.linkCode, grants: [{ serviceId: trial.serviceId, scopes: { dataCompass: true }, validityDays: 2 }] });
      const first = await grant();
      expectStatus(first, 201);
      const id = first.body.authorizations[0].authorizationId;
      expect((await check()).body).toMatchObject({ allowed: true, authorizationIds: [id] });
      api.clock.advanceHours(48);
      expect((await check()).body).toEqual({ allowed: false, reason: 'EXPIRED', authorizationIds: [] });
      expect((await api.as(seller).get(`/v1/authorizations/${id}`)).body).toMatchObject({ status: 'EXPIRED', endReason: 'EXPIRED' });
      expect((await api.as(seller).get(`/v1/authorization-links/${trial.linkCode}`)).body.services.map((s: { serviceId: string }) => s.serviceId)).toContain(
        trial.serviceId,
      );
      const again = await grant();
      expectStatus(again, 201);
      expect(again.body.authorizations[0]).toMatchObject({ authorizationId: id, status: 'ACTIVE' });
      expect((await check()).body).toMatchObject({ allowed: true, reason: 'ALLOWED', authorizationIds: [id] });
    });
  });
});
