// The embedded read store's compiled engine (filters compiled to closures, per-tenant caches of
// documents, sort orders and counts) against mingo, the reference: random documents written,
// overwritten and deleted, random filters and sorts from the operator subset the queries use,
// each query asked at several `now`s in random order (so that a count cached at one `now` is
// asked again at others), and the pages' own queries. Every answer must be the reference's: the
// same ids in the same order, the same counts, the same errors.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AUTHORIZATION_STATUSES } from '#libs/domain';
import {
  and,
  authorizationStatusFilter,
  type CollectionSpec,
  type Filter,
  type FindQuery,
  MemoryReadStore,
  SELLER_MANAGEMENT_SORTS,
  sellerManagementBase,
  sellerManagementQuery,
  type SellerManagementParams,
  type Sort,
} from '#libs/read-models';
import { type DocumentFields, documentFields, filterTemplate, instantiate, NOWS, PARTNERS, sortArb } from './support/arbitraries.js';

const SPEC: CollectionSpec = { name: 'docs', equalityIndexes: ['partnerId', 'sellerId'], orderedIndexes: ['expiresAt'] };

type Op =
  | { kind: 'put'; id: number; fields: DocumentFields }
  | { kind: 'delete'; id: number }
  | { kind: 'find'; filter: Filter; sort?: Sort; skip?: number; limit?: number; nows: string[] }
  | { kind: 'count'; filter: Filter; nows: string[] }
  | { kind: 'due'; bound: '$lte' | '$lt' | '$gte' | '$gt'; extra: Filter | undefined; direction: 1 | -1; skip: number; limit: number; nows: string[] }
  | { kind: 'page'; partner: string; params: SellerManagementParams; nows: string[] };

const nows = fc.shuffledSubarray(NOWS, { minLength: 1, maxLength: 4 });
const put = (dirty: boolean) => fc.record({ kind: fc.constant('put' as const), id: fc.integer({ min: 0, max: 9 }), fields: documentFields(dirty) });
const opArb = (dirty: boolean): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 3, arbitrary: put(dirty) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 9 }) }) },
    {
      weight: 4,
      arbitrary: fc.record(
        {
          kind: fc.constant('find' as const),
          filter: filterTemplate,
          sort: sortArb,
          skip: fc.option(fc.nat(4), { nil: undefined }),
          limit: fc.option(fc.nat(5), { nil: undefined }),
          nows,
        },
        { requiredKeys: ['kind', 'filter', 'nows'] },
      ),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('count' as const), filter: filterTemplate, nows }) },
    // What a deadline pass asks: the first due ones by a range of an ordered index, in its order (a day bucket at a time).
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('due' as const),
        bound: fc.constantFrom('$lte' as const, '$lt' as const, '$gte' as const, '$gt' as const),
        extra: fc.option(filterTemplate, { nil: undefined }),
        direction: fc.constantFrom<1 | -1>(1, -1),
        skip: fc.nat(3),
        limit: fc.integer({ min: 1, max: 4 }),
        nows,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('page' as const),
        partner: fc.constantFrom(...PARTNERS),
        params: fc.record(
          {
            status: fc.constantFrom(...AUTHORIZATION_STATUSES),
            market: fc.constantFrom('US_L2L', 'EU'),
            expiringWithinDays: fc.constantFrom(1, 30, 60),
            sort: fc.constantFrom(...SELLER_MANAGEMENT_SORTS),
            page: fc.integer({ min: 1, max: 3 }),
            pageSize: fc.integer({ min: 1, max: 3 }),
          },
          { requiredKeys: [] },
        ) as fc.Arbitrary<SellerManagementParams>,
        nows,
      }),
    },
  );

const scenario = fc
  .boolean()
  .chain((dirty) => fc.tuple(fc.constant(dirty), fc.array(put(dirty), { maxLength: 12 }), fc.array(opArb(dirty), { minLength: 1, maxLength: 25 })));

/** The outcome of a query on one store: what it answered, or that it threw. */
type Outcome = { ids: string[] } | { count: number } | { error: string };

async function attempt(fn: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await fn();
  } catch (error) {
    return { error: (error as Error).name };
  }
}

async function open(options: ConstructorParameters<typeof MemoryReadStore>[0]): Promise<MemoryReadStore> {
  const store = new MemoryReadStore(options);
  await store.ensureCollections([SPEC]);
  return store;
}

async function check(dirty: boolean, initial: Op[], ops: Op[]): Promise<void> {
  const reference = await open({ engine: 'mingo' });
  // Every tenant cached (cacheFrom 0), and none (every query over the index's documents).
  const subjects = [await open({ cacheFrom: 0 }), await open({ cacheFrom: Number.POSITIVE_INFINITY })];
  const stores = [reference, ...subjects];
  let position = 0n;
  const ask = async (label: string, query: (s: MemoryReadStore) => Promise<Outcome>) => {
    const expected = await attempt(() => query(reference));
    for (const [i, store] of subjects.entries()) {
      const actual = await attempt(() => query(store));
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        throw new Error(`${label} (store ${i}, ${dirty ? 'dirty' : 'clean'}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      if ('error' in expected) continue;
      expect(store.lastExamined).toBe(reference.lastExamined);
    }
  };
  const find = (query: FindQuery) => async (s: MemoryReadStore) => ({ ids: (await s.find(SPEC.name, query)).map((d) => d._id) });
  const count = (filter: Filter) => async (s: MemoryReadStore) => ({ count: await s.count(SPEC.name, filter) });
  // The initial documents reach the compiled stores as a snapshot's load does (restoreSync).
  for (const op of initial) {
    if (op.kind !== 'put') continue;
    position++;
    const document = { ...op.fields, _id: `d${op.id}`, _position: position };
    reference.commitSync('p', position, [{ collection: SPEC.name, id: document._id, document }]);
    for (const store of subjects) store.restoreSync(SPEC.name, [document]);
  }
  for (const op of ops) {
    if (op.kind === 'put' || op.kind === 'delete') {
      position++;
      const id = `d${op.id}`;
      const document = op.kind === 'put' ? { ...op.fields, _id: id, _position: position } : null;
      for (const store of stores) store.commitSync('p', position, [{ collection: SPEC.name, id, document }]);
    } else if (op.kind === 'find') {
      for (const now of op.nows) {
        const query: FindQuery = { filter: instantiate(op.filter, now), ...(op.sort && { sort: op.sort }), skip: op.skip, limit: op.limit };
        await ask(`find ${JSON.stringify(query)}`, find(query));
      }
    } else if (op.kind === 'due') {
      for (const now of op.nows) {
        const range: Filter = { expiresAt: { [op.bound]: now } };
        const filter = op.extra ? { $and: [range, instantiate(op.extra, now)] } : range;
        const query: FindQuery = { filter, sort: { expiresAt: op.direction, _id: 1 }, skip: op.skip, limit: op.limit };
        await ask(`due ${JSON.stringify(query)}`, find(query));
      }
    } else if (op.kind === 'count') {
      for (const now of op.nows) await ask(`count ${JSON.stringify(instantiate(op.filter, now))}`, count(instantiate(op.filter, now)));
    } else {
      for (const now of op.nows) {
        const query = sellerManagementQuery(op.partner, op.params, now);
        await ask(`page ${JSON.stringify(query)}`, find(query));
        const base = sellerManagementBase(op.partner, op.params, now);
        for (const status of AUTHORIZATION_STATUSES) await ask(`${status} count at ${now}`, count(and(base, authorizationStatusFilter(status, now))));
      }
    }
  }
}

describe('the compiled engine of the memory read store answers as mingo does', () => {
  it('for random documents, writes, filters, sorts, pages and nows', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, ([dirty, initial, ops]) => check(dirty, initial, ops)),
      // DIFFERENTIAL_RUNS=5000 for a longer search.
      { numRuns: Number(process.env.DIFFERENTIAL_RUNS ?? 400) },
    );
  }, 600_000);
});
