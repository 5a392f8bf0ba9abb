// Random documents, filters and sorts for the differential test of the embedded read store's
// compiled engine against mingo: the operator subset the queries use ($and, $or, $nor, $not,
// comparisons, $in/$nin, $exists, equality and array contains, dotted paths, $expr comparing two
// paths), over values chosen to meet on the edges: equal times, missing vs null, arrays, nested
// arrays, numbers and booleans beside strings, objects and a Date where a string is expected.
import fc from 'fast-check';
import type { Filter, ReadDocument, Sort } from '#libs/read-models';

export const TIMES = [
  '2026-01-01T00:00:00.000Z',
  '2026-02-01T00:00:00.000Z',
  '2026-03-01T00:00:00.000Z',
  '2026-03-01T00:00:00.001Z',
  '2026-04-01T00:00:00.000Z',
];
/** The times, and instants before, between and after them. */
export const NOWS = [...TIMES, '2025-12-31T00:00:00.000Z', '2026-01-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z', '2026-06-01T00:00:00.000Z'];
/** Stands for `now` in a filter template; each query instantiates it with several `now`s. */
export const NOW = '<now>';
export const PARTNERS = ['p0', 'p1'];
export const SELLERS = ['s0', 's1', 's2'];
const STATUSES = ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'];
const PATHS = [
  'status',
  'market',
  'expiresAt',
  'grantedAt',
  'updatedAt',
  'removedAt',
  'cancellationRequest',
  'cancellationRequest.dueAt',
  'tags',
  'n',
  'sellerId',
];

const time = fc.constantFrom(...TIMES);
const odd = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1, max: 2 }),
  fc.boolean(),
  fc.constantFrom('a', 'ACTIVE', 'US'),
  fc.array(fc.oneof(time, fc.integer({ min: 0, max: 2 }), fc.constant(null), fc.constant('a')), { maxLength: 3 }),
  fc.constant([[TIMES[1]!]]),
  fc.constant({}),
  fc.constant({ dueAt: TIMES[2]! }),
  fc.constant([{ dueAt: TIMES[1]! }]),
  fc.constant(new Date(Date.parse(TIMES[0]!))),
);

/**
 * Documents of one run are clean (strings where the product has strings) or dirty (anything
 * anywhere). Objects have Object.prototype, as JSON and the projections make them: mingo throws
 * on objects without one under $in (it cannot hash them), and since mingo evaluates every
 * candidate where a page stops early, such a document beyond the page would make it throw alone.
 */
function fields(dirty: boolean) {
  const value = <T>(usual: fc.Arbitrary<T>) => (dirty ? fc.oneof({ weight: 3, arbitrary: usual }, { weight: 1, arbitrary: odd }) : usual);
  return fc.record(
    {
      partnerId: fc.constantFrom(...PARTNERS),
      sellerId: fc.constantFrom(...SELLERS),
      status: value(fc.constantFrom(...STATUSES)),
      market: value(fc.constantFrom('US', 'EU')),
      expiresAt: value(time),
      grantedAt: value(time),
      updatedAt: value(time),
      removedAt: value(time),
      cancellationRequest: value(fc.record({ dueAt: value(time) }, { requiredKeys: [], noNullPrototype: true })),
      tags: value(fc.array(fc.constantFrom('x', 'y', TIMES[2]!), { maxLength: 3 })),
      n: value(fc.integer({ min: 0, max: 3 })),
    },
    {
      requiredKeys: dirty ? ['partnerId', 'sellerId'] : ['partnerId', 'sellerId', 'status', 'market', 'expiresAt', 'grantedAt', 'updatedAt'],
      noNullPrototype: true,
    },
  );
}

export type DocumentFields = Omit<ReadDocument, '_id' | '_position'>;
export const documentFields = (dirty: boolean): fc.Arbitrary<DocumentFields> => fields(dirty) as fc.Arbitrary<DocumentFields>;

const path = fc.constantFrom(...PATHS);
const constant = fc.oneof(
  fc.constant(NOW),
  time,
  fc.constantFrom(...STATUSES, 'US', 'x', 'a'),
  fc.integer({ min: -1, max: 3 }),
  fc.boolean(),
  fc.constant(null),
);
const range = fc.constantFrom('$gt', '$gte', '$lt', '$lte');
const comparison = fc.constantFrom('$eq', '$ne', '$gt', '$gte', '$lt', '$lte');

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.tuple(path, constant).map(([p, c]) => ({ [p]: c })),
  fc.tuple(path, comparison, constant).map(([p, op, c]) => ({ [p]: { [op]: c } })),
  fc.tuple(path, range, constant, range, constant).map(([p, a, x, b, y]) => ({ [p]: { [a]: x, [b]: y } })),
  fc.tuple(path, fc.constantFrom('$in', '$nin'), fc.array(constant, { maxLength: 3 })).map(([p, op, list]) => ({ [p]: { [op]: list } })),
  fc.tuple(path, fc.boolean()).map(([p, b]) => ({ [p]: { $exists: b } })),
  fc.tuple(path, comparison, constant).map(([p, op, c]) => ({ [p]: { $not: { [op]: c } } })),
  fc.tuple(path, constant).map(([p, c]) => ({ [p]: { $not: c } })),
  fc.tuple(range, path, path).map(([op, a, b]) => ({ $expr: { [op]: [`$${a}`, `$${b}`] } })),
);

const { node } = fc.letrec<{ node: Filter; and: Filter; or: Filter; nor: Filter; both: Filter }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('and'), tie('or'), tie('nor'), tie('both')),
  and: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((parts) => ({ $and: parts })),
  or: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((parts) => ({ $or: parts })),
  nor: fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((parts) => ({ $nor: parts })),
  both: fc.tuple(leaf, tie('node')).map(([a, b]) => ({ ...b, ...a })),
}));

/** A filter narrowed to a tenant (a partner, a seller) or a document, as every query of the store is. */
export const filterTemplate: fc.Arbitrary<Filter> = fc.oneof(
  fc.tuple(fc.constantFrom(...PARTNERS), node).map(([p, f]) => ({ $and: [{ partnerId: p }, f] })),
  fc.tuple(fc.constantFrom(...PARTNERS), node).map(([p, f]) => ({ ...f, partnerId: p })),
  fc.tuple(fc.constantFrom(...SELLERS), node).map(([s, f]) => ({ sellerId: s, ...f })),
  fc.tuple(fc.integer({ min: 0, max: 9 }), node).map(([d, f]) => ({ $and: [{ _id: `d${d}` }, f] })),
);

const sortPath = fc.constantFrom('expiresAt', 'grantedAt', 'updatedAt', 'status', 'n', 'cancellationRequest.dueAt', 'tags');
export const sortArb: fc.Arbitrary<Sort | undefined> = fc.option(
  fc
    .tuple(
      fc.uniqueArray(fc.tuple(sortPath, fc.constantFrom<1 | -1>(1, -1)), { minLength: 1, maxLength: 2, selector: ([p]) => p }),
      fc.boolean(),
      fc.constantFrom<1 | -1>(1, -1),
    )
    .map(([keys, byId, idDirection]) => Object.fromEntries([...keys, ...(byId ? [['_id', idDirection]] : [])]) as Sort),
  { nil: undefined, freq: 4 },
);

/** The template with `now` in place of its marker. */
export function instantiate<T>(template: T, now: string): T {
  if (template === NOW) return now as T;
  if (Array.isArray(template)) return template.map((x) => instantiate(x, now)) as T;
  if (template !== null && typeof template === 'object' && Object.getPrototypeOf(template) === Object.prototype)
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, instantiate(v, now)])) as T;
  return template;
}
