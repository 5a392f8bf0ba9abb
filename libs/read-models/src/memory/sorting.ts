// Sorts the fast path applies itself. When every key's value is a string on every document being
// sorted, mingo's $sort orders each key's distinct values natively (UTF-16 code units), reverses
// them for -1 and keeps equal ones in their previous order: that is a stable lexicographic sort,
// which is what `sortDocuments` does. Any other value (missing, null, number, array...) leaves
// the sort to mingo. A sort with a key on `_id` (unique) is total: its order does not depend on
// the order of its input, so it can be precomputed once and walked by any query.
import type { Sort } from '../port.js';
import { getter, type Getter, isPlainObject, pathSegments } from './paths.js';

export interface SortKey {
  path: string;
  get: Getter;
  direction: 1 | -1;
}

export interface CompiledSort {
  keys: SortKey[];
  /** A key on _id ends every tie: the order is total. */
  total: boolean;
  /** The name of the order with the first key ascending; this order is it or its exact reverse. */
  canonical: string;
  /** This order is the canonical one walked backwards. */
  reversed: boolean;
  /** The canonical order's keys. */
  canonicalKeys: SortKey[];
}

/** undefined: a sort the fast path leaves to mingo (empty, or a path mingo resolves in its own way). */
export function compileSort(sort: Sort): CompiledSort | undefined {
  if (sort === null || typeof sort !== 'object' || Array.isArray(sort) || !isPlainObject(sort)) return undefined;
  const entries = Object.entries(sort);
  if (entries.length === 0) return undefined;
  const keys: SortKey[] = [];
  for (const [path, value] of entries) {
    const segments = pathSegments(path);
    if (!segments) return undefined;
    // mingo reverses a key for -1 only; any other value sorts ascending.
    keys.push({ path, get: getter(segments), direction: (value as unknown) === -1 ? -1 : 1 });
  }
  const flip = keys[0]!.direction === -1 ? -1 : 1;
  const canonicalKeys = keys.map((k) => ({ ...k, direction: (k.direction * flip) as 1 | -1 }));
  return {
    keys,
    total: keys.some((k) => k.path === '_id'),
    canonical: keys.map((k) => `${JSON.stringify(k.path)}:${k.direction * flip}`).join(','),
    reversed: flip === -1,
    canonicalKeys,
  };
}

/**
 * The documents in the order of `keys` (a new array; stable, so ties keep the input's order), or
 * undefined when a key's value is not a string on one of them. The keys are read once per
 * document into arrays first: a comparator that resolved paths would do it ~17 times per document.
 */
export function sortDocuments<D extends object>(docs: readonly D[], keys: readonly SortKey[]): D[] | undefined {
  const n = docs.length;
  const values: string[][] = keys.map(() => new Array<string>(n));
  for (let i = 0; i < n; i++) {
    const doc = docs[i]!;
    for (let k = 0; k < keys.length; k++) {
      const v = keys[k]!.get(doc);
      if (typeof v !== 'string') return undefined;
      values[k]![i] = v;
    }
  }
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const directions = keys.map((k) => k.direction);
  if (keys.length === 2) {
    const [a, b] = values as [string[], string[]];
    const [da, db] = directions as [number, number];
    order.sort((x, y) => {
      const ax = a[x]!;
      const ay = a[y]!;
      if (ax !== ay) return ax < ay ? -da : da;
      const bx = b[x]!;
      const by = b[y]!;
      return bx === by ? 0 : bx < by ? -db : db;
    });
  } else {
    order.sort((x, y) => {
      for (let k = 0; k < values.length; k++) {
        const vx = values[k]![x]!;
        const vy = values[k]![y]!;
        if (vx !== vy) return vx < vy ? -directions[k]! : directions[k]!;
      }
      return 0;
    });
  }
  const out = new Array<D>(n);
  for (let i = 0; i < n; i++) out[i] = docs[order[i]!]!;
  return out;
}

/**
 * The rows of a table in the order of `keys`, compared by their ranks in the keys' columns (ranks
 * order as their strings do); null when a key is not a string on every row (mingo sorts those).
 */
export function sortRows(columns: ReadonlyArray<{ codes: Int32Array }>, keys: readonly SortKey[], n: number): Int32Array | null {
  for (const { codes } of columns) for (let i = 0; i < n; i++) if (codes[i]! < 0) return null;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const ranks = columns.map((c) => c.codes);
  const directions = keys.map((k) => k.direction);
  if (ranks.length === 2) {
    const [a, b] = ranks as [Int32Array, Int32Array];
    const [da, db] = directions as [number, number];
    order.sort((x, y) => (a[x] !== a[y] ? (a[x]! - a[y]!) * da : (b[x]! - b[y]!) * db));
  } else
    order.sort((x, y) => {
      for (let k = 0; k < ranks.length; k++) {
        const d = ranks[k]![x]! - ranks[k]![y]!;
        if (d !== 0) return d * directions[k]!;
      }
      return 0;
    });
  return Int32Array.from(order);
}
