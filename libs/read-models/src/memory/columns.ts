// A tenant's documents as columns, so that a filter reads a few small arrays instead of the
// documents: at a million documents the heap is gigabytes, and each document a query touches is
// a cache and TLB miss (~1 µs measured on the benchmark machine). A column holds, per document
// (row), the rank of its string at a path among the column's distinct strings sorted ascending
// (so equality and order compare ranks, exactly as they compare the strings), or MISSING / NULL,
// or OTHER for any other value: the leaf then reads that document, as on the uncached path.
import type { ReadDocument } from '../port.js';
import { all, any, type Expr, type Leaf, type Node, not, T } from './expr.js';
import type { Getter } from './paths.js';

export const MISSING = -1;
export const NULL = -2;
export const OTHER = -3;

export interface Column {
  /** Per row: the rank of its string, or MISSING, NULL, OTHER. */
  codes: Int32Array;
  /** The distinct strings, ascending (by UTF-16 code units, as mingo and `<` compare them). */
  strings: string[];
  /** Some row holds a value that is neither a string, missing nor null. */
  hasOther: boolean;
  /** Roughly, for the cache budget. */
  bytes: number;
}

export interface RowTable {
  docs: readonly ReadDocument[];
  /** The columns of these paths, those missing built together in one pass over the documents. */
  columns(paths: ReadonlyArray<{ path: string; get: Getter }>): ReadonlyMap<string, Column>;
  /** The equality the rows were narrowed by (an index field and the tenant's value): true on every row. */
  narrowedBy?: { field: string; value: unknown };
}

/**
 * One pass over the documents for all the paths (each document is touched once), then per path:
 * the strings copied into fresh, adjacent memory (a JSON round trip, lossless for strings) so
 * that sorting and ranking them does not chase pointers across the heap, and ranked.
 */
export function buildColumns(docs: readonly ReadDocument[], paths: ReadonlyArray<{ path: string; get: Getter }>): Column[] {
  const n = docs.length;
  const codes = paths.map(() => new Int32Array(n));
  const found = paths.map(() => [] as string[]);
  const others = paths.map(() => false);
  for (let i = 0; i < n; i++) {
    const doc = docs[i]!;
    for (let p = 0; p < paths.length; p++) {
      const v = paths[p]!.get(doc);
      if (typeof v === 'string') codes[p]![i] = found[p]!.push(v) - 1;
      else if (v === undefined) codes[p]![i] = MISSING;
      else if (v === null) codes[p]![i] = NULL;
      else {
        codes[p]![i] = OTHER;
        others[p] = true;
      }
    }
  }
  return paths.map((_, p) => {
    const copies = JSON.parse(JSON.stringify(found[p])) as string[];
    const strings = [...new Set(copies)].sort();
    const rank = new Map<string, number>();
    for (let r = 0; r < strings.length; r++) rank.set(strings[r]!, r);
    const column = codes[p]!;
    for (let i = 0; i < n; i++) if (column[i]! >= 0) column[i] = rank.get(copies[column[i]!]!)!;
    let chars = 0;
    for (const s of strings) chars += s.length;
    return { codes: column, strings, hasOther: others[p]!, bytes: 4 * n + 24 * strings.length + 2 * chars };
  });
}

const impliedBy = (leaf: Leaf, narrowedBy: RowTable['narrowedBy']) =>
  narrowedBy !== undefined && !narrowedBy.field.includes('.') && leaf.path === narrowedBy.field && 'equals' in leaf && leaf.equals === narrowedBy.value;

/** The tree evaluated on rows: leaves read their columns, and a document only where its value is OTHER. */
export function bindRows(tree: Expr, table: RowTable, leaves: readonly Leaf[]): Node<number> {
  const { docs, narrowedBy } = table;
  const columns = table.columns(leaves.filter((l) => !impliedBy(l, narrowedBy)));
  const bind = (e: Expr): Node<number> => {
    switch (e.kind) {
      case 'all':
        return all(e.parts.map(bind));
      case 'any':
        return any(e.parts.map(bind));
      case 'not':
        return not(bind(e.part));
      case 'document': {
        const { node } = e;
        return (row) => node(docs[row]!);
      }
      case 'leaf': {
        // The index holds exactly the documents whose field is the tenant's value.
        if (impliedBy(e, narrowedBy)) return () => T;
        const { codes, strings } = columns.get(e.path)!;
        const onString = e.onStrings(strings);
        const { get, test } = e;
        const missing = test(undefined);
        const isNull = test(null);
        return (row) => {
          const k = codes[row]!;
          if (k >= 0) return onString(k) ? 1 : 0;
          return k === MISSING ? missing : k === NULL ? isNull : test(get(docs[row]!));
        };
      }
    }
  };
  return bind(tree);
}
