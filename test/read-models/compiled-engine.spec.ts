// The parts of the embedded read store's compiled engine, one by one: what compiles and what is
// left to mingo, how a filter's shape is keyed apart from its `now`, documents mingo answers for,
// sorts, and the tenant caches' lifecycle (built by queries, dropped by writes, within a budget).
import { describe, expect, it } from '@jest/globals';
import { authorizationStatusFilter, expiringWithinFilter, MemoryReadStore, type ReadDocument, sellerManagementQuery } from '#libs/read-models';
import { compileFilter } from '../../libs/read-models/src/memory/compile.js';
import { compileSort, sortDocuments } from '../../libs/read-models/src/memory/sorting.js';
import { TenantCaches } from '../../libs/read-models/src/memory/tenant-cache.js';

const NOW = '2026-03-10T00:00:00.000Z';
const LATER = '2026-03-11T00:00:00.000Z';

describe('compileFilter', () => {
  it('compiles the pages’ filters, keyed by their shape with the `now` bounds as parameters', () => {
    for (const status of ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'] as const) {
      const [a, b] = [NOW, LATER].map((now) => compileFilter(sellerManagementQuery('p', { status }, now).filter)!);
      expect(a).toBeDefined();
      expect(a!.key).toBe(b!.key);
      expect(a!.params.map((p) => p.value).every((v) => v === NOW)).toBe(true);
    }
    expect(compileFilter(expiringWithinFilter(30, NOW))!.params.map((p) => p.path)).toEqual(['expiresAt', 'expiresAt', 'cancellationRequest.dueAt']);
    expect(compileFilter({ status: 'ACTIVE' })!.key).not.toBe(compileFilter({ status: 'EXPIRED' })!.key);
  });

  it('leaves what it does not model to mingo: other operators, object and regex operands, array indexes', () => {
    for (const filter of [
      { a: { $regex: 'x' } },
      { a: { $elemMatch: { b: 1 } } },
      { a: { b: 1 } },
      { a: /x/ },
      { 'a.0': 1 },
      { $where: 'true' },
      { a: { $in: [{ b: 1 }] } },
      { $expr: { $eq: ['$a', '$b'] } },
    ])
      expect(compileFilter(filter)).toBeUndefined();
  });

  it('asks mingo about documents outside its model, and only about those', () => {
    const compiled = compileFilter({ 'a.b': 1 })!;
    expect(compiled.test({ a: { b: 1 } })).toBe(true);
    expect(compiled.fallbacks).toBe(0);
    expect(compiled.test({ a: [{ b: 2 }, { b: 1 }] })).toBe(true);
    expect(compiled.fallbacks).toBe(1);
  });

  it('answers with mingo’s type bracketing, missing-equals-null and arrays', () => {
    const t = (filter: Record<string, unknown>, doc: object) => compileFilter(filter)!.test(doc);
    expect(t({ a: { $lte: NOW } }, { a: 5 })).toBe(false);
    expect(t({ a: { $not: { $lte: NOW } } }, {})).toBe(true);
    expect(t({ a: null }, {})).toBe(true);
    expect(t({ a: 'x' }, { a: ['y', 'x'] })).toBe(true);
    expect(t({ a: { $in: [null] } }, { a: null })).toBe(true);
    expect(t({ $expr: { $lte: ['$a', '$b'] } }, {})).toBe(true); // mingo: undefined <= undefined
    expect(t({ $expr: { $lte: ['$a', '$b'] } }, { a: NOW })).toBe(false);
  });
});

describe('sorts', () => {
  it('name an order and its reverse alike, and sort stably by string keys only', () => {
    const up = compileSort({ expiresAt: 1, _id: 1 })!;
    const down = compileSort({ expiresAt: -1, _id: -1 })!;
    expect([up.canonical, up.reversed, up.total]).toEqual([down.canonical, false, true]);
    expect(down.reversed).toBe(true);
    const docs = [
      { _id: 'b', x: '1' },
      { _id: 'a', x: '1' },
      { _id: 'c', x: '0' },
    ];
    expect(sortDocuments(docs, compileSort({ x: 1 })!.keys)!.map((d) => d._id)).toEqual(['c', 'b', 'a']);
    expect(sortDocuments([...docs, { _id: 'd' }], compileSort({ x: 1 })!.keys)).toBeUndefined();
  });
});

describe('tenant caches', () => {
  const doc = (id: string, fields: Record<string, unknown> = {}): ReadDocument => ({ _id: id, _position: 1n, ...fields });

  it('are built by queries only, dropped when their tenant is written, and kept within their budget', () => {
    const docs = new Map([
      ['a', doc('a')],
      ['b', doc('b')],
    ]);
    const ids = new Set(['a', 'b']);
    const caches = new TenantCaches(2, 20); // bytes: one tenant's two document references fit, not two tenants'
    expect(caches.active).toBe(false);
    expect(caches.of('partnerId', 'p', new Set(['a']), docs)).toBeUndefined(); // too small to cache
    const p = caches.of('partnerId', 'p', ids, docs)!;
    expect(caches.of('partnerId', 'p', ids, docs)).toBe(p);
    expect(p.docs.map((d) => d._id)).toEqual(['a', 'b']);
    caches.invalidate('partnerId', 'q');
    expect(caches.of('partnerId', 'p', ids, docs)).toBe(p);
    caches.invalidate('partnerId', 'p');
    const again = caches.of('partnerId', 'p', ids, docs)!;
    expect(again).not.toBe(p);
    void again.docs;
    const s = caches.of('sellerId', 's', ids, docs)!;
    expect(s.ordered(compileSort({ _id: 1 })!)).toBe(s.ordered(compileSort({ _id: -1 })!)); // one order, walked both ways
    expect(caches.of('partnerId', 'p', ids, docs)).not.toBe(again); // evicted: the least recently used
  });

  it('follow the documents and `now` in the store: a count after a write or at a later `now` is fresh', async () => {
    const store = new MemoryReadStore({ cacheFrom: 0 });
    await store.ensureCollections([{ name: 'c', equalityIndexes: ['partnerId'] }]);
    const write = (id: string, position: bigint, expiresAt: string) =>
      store.commitSync('x', position, [{ collection: 'c', id, document: doc(id, { _position: position, partnerId: 'p', status: 'ACTIVE', expiresAt }) }]);
    write('a', 1n, LATER);
    const active = (now: string) => store.count('c', { partnerId: 'p', ...authorizationStatusFilter('ACTIVE', now) });
    expect(await active(NOW)).toBe(1);
    expect(await active('2026-03-10T12:00:00.000Z')).toBe(1); // cached, and still true
    expect(await active(LATER)).toBe(0); // expiresAt reached
    write('b', 2n, '2026-04-01T00:00:00.000Z');
    expect(await active(NOW)).toBe(2);
    expect(store.lastExamined).toBe(2);
  });
});
