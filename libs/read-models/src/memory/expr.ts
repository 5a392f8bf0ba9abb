// A compiled filter's tree, and the semantics of its leaves as mingo 7 has them: type
// bracketing (a bound only matches values of its own type), missing-equals-null, arrays matched
// by any element. Evaluation is three-valued: UNKNOWN where a value is outside what the leaves
// model (arrays inside a path, class instances, nested arrays under $eq, objects under $expr);
// mingo then answers for that document. The combinators stop where mingo's every/some stop, and
// at once on UNKNOWN, so mingo meets the same values in the same order (and throws where it would).
import { EXOTIC, type Getter, scalarType } from './paths.js';

export const F = 0;
export const T = 1;
export const U = 2;
export type Tri = 0 | 1 | 2;
export type Node<A> = (subject: A) => Tri;

/** A test of the value at one path. */
export interface Leaf {
  kind: 'leaf';
  path: string;
  get: Getter;
  /** The answer for a value (EXOTIC: UNKNOWN). */
  test: (value: unknown) => Tri;
  /** The answer for a string, given its rank among a column's distinct strings in ascending order. */
  onStrings: (strings: readonly string[]) => (rank: number) => boolean;
  /** An equality's constant: a tenant's own condition holds for all its documents. */
  equals?: unknown;
}

export type Expr = { kind: 'all' | 'any'; parts: Expr[] } | { kind: 'not'; part: Expr } | Leaf | { kind: 'document'; node: Node<object> };

export function all<A>(nodes: Array<Node<A>>): Node<A> {
  if (nodes.length === 1) return nodes[0]!;
  if (nodes.length === 2) {
    const [a, b] = nodes as [Node<A>, Node<A>];
    return (x) => {
      const r = a(x);
      return r === T ? b(x) : r;
    };
  }
  return (x) => {
    for (const node of nodes) {
      const r = node(x);
      if (r !== T) return r;
    }
    return T;
  };
}

export function any<A>(nodes: Array<Node<A>>): Node<A> {
  return (x) => {
    for (const node of nodes) {
      const r = node(x);
      if (r !== F) return r;
    }
    return F;
  };
}

export const not =
  <A>(node: Node<A>): Node<A> =>
  (x) => {
    const r = node(x);
    return r === U ? U : r === T ? F : T;
  };

/** The first index whose string is >= value (strings ascending). */
export function lowerBound(strings: readonly string[], value: string): number {
  let lo = 0;
  let hi = strings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strings[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Constant = string | number | boolean | null;
const never = () => () => false;

/** mingo's $eq with a scalar: equal, missing-or-null for null, or an element of an array (nested arrays: mingo flattens them). */
export function eqLeaf(path: string, get: Getter, c: Constant): Leaf {
  const test = (v: unknown): Tri => {
    if (v === c) return T;
    if (v === EXOTIC) return U;
    if (v === undefined) return c === null ? T : F;
    if (!Array.isArray(v)) return F;
    let nested = false;
    for (const x of v) {
      if (x === c) return T;
      if (Array.isArray(x)) nested = true;
    }
    return nested ? U : F;
  };
  const onStrings =
    typeof c !== 'string'
      ? never
      : (strings: readonly string[]) => {
          const r = lowerBound(strings, c);
          return strings[r] === c ? (k: number) => k === r : () => false;
        };
  return { kind: 'leaf', path, get, test, onStrings, equals: c };
}

/** mingo's $in: missing or null matches a listed null, otherwise the value or one of its elements is listed. */
export function memberLeaf(path: string, get: Getter, list: Constant[]): Leaf {
  const set = new Set<unknown>(list);
  const listsNull = set.has(null);
  const test = (v: unknown): Tri => {
    if (v === EXOTIC) return U;
    if (v === undefined || v === null) return listsNull ? T : F;
    if (!Array.isArray(v)) return scalarType(v) === undefined ? U : set.has(v) ? T : F;
    // mingo hashes every element before it answers (and cannot hash some objects): check them all first.
    for (const x of v) if (scalarType(x) === undefined) return U;
    for (const x of v) if (set.has(x)) return T;
    return F;
  };
  const onStrings = (strings: readonly string[]) => {
    const ranks = new Set<number>();
    for (const c of list) if (typeof c === 'string' && strings[lowerBound(strings, c)] === c) ranks.add(lowerBound(strings, c));
    return (k: number) => ranks.has(k);
  };
  return { kind: 'leaf', path, get, test, onStrings };
}

// Comparisons of same-typed scalars, as mingo's simpleCmp orders them (NaN compares equal).
export const COMPARE: Record<string, (x: never, c: never) => boolean> = {
  $lt: (x, c) => x < c,
  $lte: (x, c) => !(x > c),
  $gt: (x, c) => x > c,
  $gte: (x, c) => !(x < c),
};

/** mingo's $lt/$lte/$gt/$gte: the value, or one of its elements, of the bound's type and on the right side of it. */
export function rangeLeaf(path: string, get: Getter, op: string, c: Constant): Leaf {
  const compare = COMPARE[op]!;
  const type = scalarType(c)!;
  const test = (v: unknown): Tri => {
    if (typeof v === type) return compare(v as never, c as never) ? T : F;
    if (v === EXOTIC) return U;
    const tv = scalarType(v);
    if (tv === undefined) return U;
    if (tv !== 'array') return tv === type && compare(v as never, c as never) ? T : F;
    for (const x of v as unknown[]) {
      const tx = scalarType(x);
      if (tx === undefined) return U;
      if (tx === type && compare(x as never, c as never)) return T;
    }
    return F;
  };
  const onStrings =
    typeof c !== 'string'
      ? never
      : (strings: readonly string[]) => {
          const r = lowerBound(strings, c);
          const above = strings[r] === c ? r + 1 : r; // the first rank greater than c
          if (op === '$lt') return (k: number) => k < r;
          if (op === '$lte') return (k: number) => k < above;
          if (op === '$gt') return (k: number) => k >= above;
          return (k: number) => k >= r;
        };
  return { kind: 'leaf', path, get, test, onStrings };
}

export function existsLeaf(path: string, get: Getter, wanted: boolean): Leaf {
  const test = (v: unknown): Tri => (v === EXOTIC ? U : (v !== undefined) === wanted ? T : F);
  return { kind: 'leaf', path, get, test, onStrings: () => () => wanted };
}

/** The tree evaluated on documents. */
export function onDocuments(e: Expr): Node<object> {
  switch (e.kind) {
    case 'all':
      return all(e.parts.map(onDocuments));
    case 'any':
      return any(e.parts.map(onDocuments));
    case 'not':
      return not(onDocuments(e.part));
    case 'document':
      return e.node;
    case 'leaf': {
      const { get, test } = e;
      return (doc) => test(get(doc));
    }
  }
}
