// The read-store port's contract: every adapter runs this suite (the in-memory store in
// `npm test`, MongoDB in `npm run test:integration`). Collections are named per run and tenants
// per test, so a shared server keeps runs apart. The queries are the ones the pages build.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CollectionSpec, type DocumentWrite, type FindQuery, type ReadDocument, type ReadStore, sellerManagementQuery } from '#libs/read-models';

export function readStoreContract(name: string, open: () => Promise<ReadStore>): void {
  describe(`read store contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const AUTH: CollectionSpec = { name: `contract_auth_${run}`, equalityIndexes: ['partnerId', 'sellerId', 'serviceId'], orderedIndexes: ['expiresAt'] };
    const DOCS: CollectionSpec = { name: `contract_docs_${run}`, equalityIndexes: ['partnerId'] };
    const RESET: CollectionSpec = { name: `contract_reset_${run}`, equalityIndexes: ['partnerId'] };
    let store: ReadStore;

    const tenant = () => `p-${randomUUID()}`;
    const doc = (id: string, position: bigint, fields: Record<string, unknown> = {}): ReadDocument => ({ _id: id, _position: position, ...fields });
    const put = (checkpoint: bigint, ...docs: ReadDocument[]) =>
      store.commit(
        `projection-${run}`,
        checkpoint,
        docs.map((d) => ({ collection: DOCS.name, id: d._id, document: d })),
      );
    const remove = (checkpoint: bigint, id: string) => store.commit(`projection-${run}`, checkpoint, [{ collection: DOCS.name, id, document: null }]);
    const one = async (id: string) => (await store.load(DOCS.name, [id])).get(id);
    const ids = (docs: ReadDocument[]) => docs.map((d) => d._id);

    beforeAll(async () => {
      store = await open();
      await store.ensureCollections([AUTH, DOCS, RESET]);
    });
    afterAll(async () => {
      await store.close();
    });

    it('creates collections idempotently, keeping what they hold', async () => {
      const p = tenant();
      await put(1n, doc(`${p}-a`, 1n, { partnerId: p }));
      await store.ensureCollections([AUTH, DOCS, RESET]);
      await store.ensureCollections([DOCS]);
      expect(await one(`${p}-a`)).toEqual(doc(`${p}-a`, 1n, { partnerId: p }));
    });

    it('loads documents by id: the ones that exist, as they were written', async () => {
      const p = tenant();
      const a = doc(`${p}-a`, 3n, { partnerId: p, nested: { list: [1, 'two', { three: 3 }], flag: true }, empty: null });
      const b = doc(`${p}-b`, 4n, { partnerId: p, scopes: ['read', 'write'] });
      await put(4n, a, b, doc(`${p}-c`, 4n, { partnerId: p }));
      const loaded = await store.load(DOCS.name, [a._id, `${p}-missing`, b._id]);
      expect(loaded.size).toBe(2);
      expect(loaded.get(a._id)).toEqual(a);
      expect(loaded.get(b._id)).toEqual(b);
      expect(typeof loaded.get(a._id)!._position).toBe('bigint');
      expect((await store.load(DOCS.name, [])).size).toBe(0);
    });

    it('replaces a document only with a later position (the applied-position guard)', async () => {
      const id = `${tenant()}-a`;
      await put(10n, doc(id, 10n, { v: 'ten' }));
      await put(10n, doc(id, 5n, { v: 'five' }));
      expect(await one(id)).toEqual(doc(id, 10n, { v: 'ten' }));
      await put(10n, doc(id, 10n, { v: 'ten again' }));
      expect(await one(id)).toEqual(doc(id, 10n, { v: 'ten' }));
      await put(11n, doc(id, 11n, { v: 'eleven' }));
      expect(await one(id)).toEqual(doc(id, 11n, { v: 'eleven' }));
    });

    it('changes nothing when a batch is replayed after later batches', async () => {
      const p = tenant();
      const first: DocumentWrite[] = [doc(`${p}-a`, 15n, { partnerId: p, v: 1 }), doc(`${p}-b`, 20n, { partnerId: p, v: 1 })].map((d) => ({
        collection: DOCS.name,
        id: d._id,
        document: d,
      }));
      await store.commit(`replay-${run}`, 20n, first);
      await put(40n, doc(`${p}-a`, 40n, { partnerId: p, v: 2 }), doc(`${p}-b`, 35n, { partnerId: p, v: 2 }), doc(`${p}-c`, 38n, { partnerId: p, v: 2 }));
      const before = await store.find(DOCS.name, { filter: { partnerId: p }, sort: { _id: 1 } });
      await store.commit(`replay-${run}`, 20n, first);
      await store.commit(`replay-${run}`, 20n, first);
      expect(await store.find(DOCS.name, { filter: { partnerId: p }, sort: { _id: 1 } })).toEqual(before);
      expect(before.map((d) => d.v)).toEqual([2, 2, 2]);
    });

    it('keeps positions above 2^53 exact, and compares them exactly', async () => {
      const id = `${tenant()}-big`;
      const p53 = 2n ** 53n;
      await put(p53, doc(id, p53, { v: 'older' }));
      await put(p53 + 1n, doc(id, p53 + 1n, { v: 'newer by one' })); // equal as JS numbers
      expect(await one(id)).toEqual(doc(id, p53 + 1n, { v: 'newer by one' }));
      const huge = 2n ** 63n + 5n;
      await put(huge, doc(id, huge, { v: 'huge' }));
      await put(huge, doc(id, huge - 1n, { v: 'just below' }));
      expect(await one(id)).toEqual(doc(id, huge, { v: 'huge' }));
    });

    it('keeps one checkpoint per projection, never moving back', async () => {
      const [a, b] = [`cp-a-${randomUUID()}`, `cp-b-${randomUUID()}`];
      expect(await store.checkpoint(a)).toBe(0n);
      await store.commit(a, 5n, []);
      expect(await store.checkpoint(a)).toBe(5n);
      expect(await store.checkpoint(b)).toBe(0n);
      await store.commit(b, 2n ** 60n + 1n, []);
      expect(await store.checkpoint(b)).toBe(2n ** 60n + 1n);
      await store.commit(a, 3n, []);
      expect(await store.checkpoint(a)).toBe(5n);
    });

    it('deletes with a null document; a replayed deletion spares a document a later batch wrote', async () => {
      const p = tenant();
      await put(5n, doc(`${p}-a`, 5n, { partnerId: p }));
      await remove(10n, `${p}-a`);
      expect(await one(`${p}-a`)).toBeUndefined();
      await remove(11n, `${p}-never-existed`);
      await put(50n, doc(`${p}-b`, 50n, { partnerId: p }));
      await remove(10n, `${p}-b`);
      expect(await one(`${p}-b`)).toEqual(doc(`${p}-b`, 50n, { partnerId: p }));
      await remove(60n, `${p}-b`);
      expect(await one(`${p}-b`)).toBeUndefined();
    });

    describe('queries as the pages build them', () => {
      const partner = `partner-${run}`;
      const other = `other-${run}`;
      const find = (query: FindQuery) => store.find<ReadDocument>(AUTH.name, query).then(ids);
      const manage = (params: Parameters<typeof sellerManagementQuery>[1]) => sellerManagementQuery(partner, params, NOW);

      beforeAll(async () => {
        const rows = [...authorizationRows(partner), ...authorizationRows(other).map((r) => ({ ...r, _id: `${other}-${r._id}` }))];
        await store.commit(
          `auth-${run}`,
          100n,
          rows.map((d) => ({ collection: AUTH.name, id: d._id, document: d })),
        );
      });

      it('filters by status ($and, $or, ranges) and sorts by updatedAt then _id, descending', async () => {
        expect(await find(manage({}))).toEqual(['a7', 'a6', 'a5', 'a2', 'a1', 'a4', 'a3']);
        expect(await find(manage({ status: 'ACTIVE' }))).toEqual(['a7', 'a6', 'a2', 'a1']);
        expect(await find(manage({ status: 'EXPIRED' }))).toEqual(['a4', 'a3']);
        expect(await find(manage({ status: 'CANCELLED' }))).toEqual(['a5']);
        expect(await find(manage({ expiringWithinDays: 30 }))).toEqual(['a7', 'a6', 'a2']);
        expect(await find(manage({ status: 'EXPIRED', expiringWithinDays: 30 }))).toEqual([]);
      });

      it('pages with skip and limit, and sorts ascending on other fields', async () => {
        expect(await find(manage({ page: 2, pageSize: 3 }))).toEqual(['a2', 'a1', 'a4']);
        expect(await find(manage({ page: 3, pageSize: 3 }))).toEqual(['a3']);
        expect(await find(manage({ market: 'EU', sort: 'expiresAt' }))).toEqual(['a4', 'a3']);
        expect(await find(manage({ serviceId: 'svc1', sort: 'grantedAt' }))).toEqual(['a1', 'a3', 'a5']);
        expect(await find(manage({ serviceId: 'svc1', sort: '-grantedAt' }))).toEqual(['a5', 'a3', 'a1']);
      });

      it('matches missing fields with $exists and finds by _id', async () => {
        expect(await find({ filter: { sellerId: 's3', partnerId: partner, removedAt: { $exists: false } }, sort: { updatedAt: -1, _id: -1 } })).toEqual(['a5']);
        expect(await find({ filter: { sellerId: 's3', partnerId: partner, removedAt: { $exists: true } } })).toEqual(['a6']);
        expect(await find({ filter: { _id: 'a2' } })).toEqual(['a2']);
      });

      it('counts what find finds', async () => {
        for (const status of ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'] as const) {
          const { filter } = manage({ status });
          expect(await store.count(AUTH.name, filter)).toBe((await find({ filter })).length);
        }
        expect(await store.count(AUTH.name, manage({ status: 'ACTIVE' }).filter)).toBe(4);
        expect(await store.count(AUTH.name, { partnerId: partner })).toBe(AUTHORIZATION_ROWS);
      });

      it('scans every match in pages, in sort order', async () => {
        const { filter, sort } = manage({});
        const pages: string[][] = [];
        for await (const page of store.scan<ReadDocument>(AUTH.name, { filter, sort: sort! }, 3)) pages.push(ids(page));
        expect(pages).toEqual([['a7', 'a6', 'a5'], ['a2', 'a1', 'a4'], ['a3']]);
        const whole: string[] = [];
        for await (const page of store.scan<ReadDocument>(AUTH.name, { filter: { partnerId: partner, status: 'ACTIVE' }, sort: { _id: 1 } }))
          whole.push(...ids(page));
        expect(whole).toEqual(['a1', 'a2', 'a3', 'a6', 'a7']);
      });
    });

    describe('answers as of the moment they are asked', () => {
      // An adapter may cache answers (the memory store does, per tenant): these must still
      // follow every write to the tenant and every `now`.
      const statuses = ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'] as const;
      const counts = (partner: string, now: string) =>
        Promise.all(statuses.map((status) => store.count(AUTH.name, sellerManagementQuery(partner, { status }, now).filter)));
      const write = (position: bigint, ...rows: ReadDocument[]) =>
        store.commit(
          `moment-${run}`,
          position,
          rows.map((d) => ({ collection: AUTH.name, id: d._id, document: { ...d, _position: position } })),
        );

      it('follows writes, deletions and documents moving to another tenant', async () => {
        const [p, q] = [tenant(), tenant()];
        const rows = authorizationRows(p).map((r) => ({ ...r, _id: `${p}-${r._id}` }));
        await write(200n, ...rows);
        const page = () => store.find<ReadDocument>(AUTH.name, sellerManagementQuery(p, { status: 'ACTIVE', sort: 'expiresAt' }, NOW)).then(ids);
        expect(await counts(p, NOW)).toEqual([4, 2, 1, 0]);
        expect(await page()).toEqual([`${p}-a7`, `${p}-a2`, `${p}-a6`, `${p}-a1`]);
        await write(201n, { ...rows[6]!, status: 'DEACTIVATED' });
        expect(await counts(p, NOW)).toEqual([3, 2, 1, 1]);
        expect(await page()).toEqual([`${p}-a2`, `${p}-a6`, `${p}-a1`]);
        await store.commit(`moment-${run}`, 202n, [{ collection: AUTH.name, id: rows[1]!._id, document: null }]);
        await write(203n, { ...rows[0]!, partnerId: q });
        expect(await counts(p, NOW)).toEqual([1, 2, 1, 1]);
        expect(await page()).toEqual([`${p}-a6`]);
        expect(await counts(q, NOW)).toEqual([1, 0, 0, 0]);
      });

      it('follows `now`: the same query later counts what ran out since', async () => {
        const p = tenant();
        await write(300n, ...authorizationRows(p).map((r) => ({ ...r, _id: `${p}-${r._id}` })));
        expect(await counts(p, NOW)).toEqual([4, 2, 1, 0]);
        expect(await counts(p, '2026-03-10T00:00:00.001Z')).toEqual([4, 2, 1, 0]);
        expect(await counts(p, '2026-03-15T00:00:00.000Z')).toEqual([3, 3, 1, 0]); // a7 expires at that instant
        expect(await counts(p, '2026-03-14T23:59:59.999Z')).toEqual([4, 2, 1, 0]);
        expect(await counts(p, '2027-01-01T00:00:00.000Z')).toEqual([0, 6, 1, 0]);
      });

      it('pages a large tenant in every documented order, as a sort by hand does', async () => {
        const p = tenant();
        const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
        const rows: ReadDocument[] = Array.from({ length: 1_500 }, (_, i) => ({
          _id: `${p}-${String(i).padStart(4, '0')}`,
          _position: 400n,
          partnerId: p,
          status: i % 7 === 0 ? 'CANCELLED' : 'ACTIVE',
          grantedAt: day(i % 40),
          expiresAt: day(60 + (i % 90)),
          updatedAt: day(i % 50),
        }));
        await write(400n, ...rows);
        const now = day(100);
        for (const sort of ['grantedAt', '-grantedAt', 'expiresAt', '-expiresAt', 'updatedAt', '-updatedAt'] as const) {
          const field = sort.replace('-', '') as 'grantedAt';
          const dir = sort.startsWith('-') ? -1 : 1;
          const expected = rows
            .filter((r) => r.status === 'ACTIVE' && (r.expiresAt as string) > now)
            .sort((a, b) => (a[field] !== b[field] ? ((a[field] as string) < (b[field] as string) ? -dir : dir) : a._id < b._id ? -dir : dir))
            .slice(60, 80)
            .map((r) => r._id);
          expect(await store.find<ReadDocument>(AUTH.name, sellerManagementQuery(p, { status: 'ACTIVE', sort, page: 4, pageSize: 20 }, now)).then(ids)).toEqual(
            expected,
          );
        }
        expect(await counts(p, now)).toEqual([
          rows.filter((r) => r.status === 'ACTIVE' && (r.expiresAt as string) > now).length,
          rows.filter((r) => r.status === 'ACTIVE' && (r.expiresAt as string) <= now).length,
          215,
          0,
        ]);
      });
    });

    it('resets the given projections and collections only', async () => {
      const p = tenant();
      const [x, y] = [`reset-x-${randomUUID()}`, `reset-y-${randomUUID()}`];
      await store.commit(x, 7n, [{ collection: RESET.name, id: `${p}-r`, document: doc(`${p}-r`, 7n, { partnerId: p }) }]);
      await store.commit(y, 8n, [{ collection: DOCS.name, id: `${p}-d`, document: doc(`${p}-d`, 8n, { partnerId: p }) }]);
      await store.reset([x], [RESET.name]);
      expect(await store.find(RESET.name, { filter: { partnerId: p } })).toEqual([]);
      expect(await store.checkpoint(x)).toBe(0n);
      expect(await store.checkpoint(y)).toBe(8n);
      expect(await one(`${p}-d`)).toEqual(doc(`${p}-d`, 8n, { partnerId: p }));
      await store.commit(x, 9n, [{ collection: RESET.name, id: `${p}-r`, document: doc(`${p}-r`, 9n, { partnerId: p }) }]);
      expect(ids(await store.find(RESET.name, { filter: { partnerId: p } }))).toEqual([`${p}-r`]);
    });
  });
}

const NOW = '2026-03-10T00:00:00.000Z';
const AUTHORIZATION_ROWS = 7;

/** Seven authorizations of one partner; a3 is ACTIVE past its end (EXPIRED as users see it), a6 is removed. */
function authorizationRows(partnerId: string): ReadDocument[] {
  const day = (d: string) => `${d}T00:00:00.000Z`;
  const row = (id: string, sellerId: string, serviceId: string, market: string, status: string, expiresAt: string, grantedAt: string, updatedAt: string) => ({
    _id: id,
    _position: 100n,
    partnerId,
    sellerId,
    serviceId,
    market,
    status,
    expiresAt: day(expiresAt),
    grantedAt: day(grantedAt),
    updatedAt: day(updatedAt),
  });
  return [
    row('a1', 's1', 'svc1', 'US_L2L', 'ACTIVE', '2026-06-01', '2026-01-01', '2026-03-01'),
    row('a2', 's1', 'svc2', 'US_L2L', 'ACTIVE', '2026-03-20', '2026-01-02', '2026-03-05'),
    row('a3', 's2', 'svc1', 'EU', 'ACTIVE', '2026-03-01', '2026-01-03', '2026-02-01'),
    row('a4', 's2', 'svc2', 'EU', 'EXPIRED', '2026-02-01', '2025-12-01', '2026-02-02'),
    row('a5', 's3', 'svc1', 'US_L2L', 'CANCELLED', '2026-09-01', '2026-01-05', '2026-03-08'),
    { ...row('a6', 's3', 'svc2', 'US_L2L', 'ACTIVE', '2026-04-01', '2026-01-06', '2026-03-08'), removedAt: day('2026-03-09') },
    row('a7', 's1', 'svc3', 'US_L2L', 'ACTIVE', '2026-03-15', '2026-01-07', '2026-03-09'),
  ];
}
