// Filters compiled once per query into a tree of closures (./expr.ts) for the operator subset the
// queries use: $and, $or, $nor, $not, $eq/$ne/$gt/$gte/$lt/$lte/$in/$nin, $exists, equality and
// array contains, dotted paths, $expr comparing two field paths. A filter outside the subset is
// not compiled (undefined: mingo runs it whole). The tree answers for a document, or for a row of
// a tenant's columns (./columns.ts); where it answers UNKNOWN, mingo answers for that document.
import { Query } from 'mingo';
import type { Filter, ReadDocument } from '../port.js';
import { bindRows, type RowTable } from './columns.js';
import { COMPARE, type Constant, eqLeaf, existsLeaf, type Expr, F, type Leaf, memberLeaf, type Node, onDocuments, rangeLeaf, T, U } from './expr.js';
import { EXOTIC, type Getter, getter, isPlainObject, pathSegments, scalarType } from './paths.js';

/** A string bound of a range operator: the answer depends on it only through the values it falls between. */
export interface RangeParam {
  path: string;
  get: Getter;
  value: string;
}

export interface CompiledFilter {
  /** The filter with its string range bounds left out: filters with equal keys differ at most in `params`. */
  readonly key: string;
  readonly params: readonly RangeParam[];
  /** The paths its leaves read, for a table to build their columns in one pass. */
  readonly leaves: readonly Leaf[];
  /** How many documents mingo had to answer for (their values were outside the compiled model). */
  readonly fallbacks: number;
  /** mingo's answer for this document. */
  test(doc: object): boolean;
  /** mingo's answer for each row of a table (a tenant's documents and columns). */
  rows(table: RowTable): (row: number) => boolean;
}

class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

const isOperator = (name: string) => /^\$[a-zA-Z0-9_]+$/.test(name);
/** The constants a leaf may compare with: what JSON gives, NaN aside. */
const constant = (v: unknown): Constant =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v)) ? v : unsupported();
const isObjectLiteral = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && isPlainObject(v);
// The values mingo's expression comparisons order as the query operators do (not arrays, objects, bigints).
const EXPR_TYPES = new Set(['undefined', 'null', 'string', 'number', 'boolean']);

class Compiler {
  readonly params: RangeParam[] = [];
  readonly leaves: Leaf[] = [];

  query(filter: unknown): [Expr, string] {
    if (!isObjectLiteral(filter)) return unsupported();
    const parts: Expr[] = [];
    const keys: string[] = [];
    for (const [field, value] of Object.entries(filter)) {
      const [part, key] =
        field === '$and' || field === '$or' || field === '$nor' ? this.logical(field, value) : field === '$expr' ? this.expr(value) : this.field(field, value);
      parts.push(part);
      keys.push(key);
    }
    if (parts.length === 0) unsupported();
    return [parts.length === 1 ? parts[0]! : { kind: 'all', parts }, `{${keys.join(',')}}`];
  }

  private logical(op: string, value: unknown): [Expr, string] {
    if (!Array.isArray(value) || value.length === 0) unsupported();
    const compiled = (value as unknown[]).map((p) => this.query(p));
    const parts = compiled.map(([e]) => e);
    const key = `${op}[${compiled.map(([, k]) => k).join(',')}]`;
    if (op === '$and') return [{ kind: 'all', parts }, key];
    const any: Expr = { kind: 'any', parts };
    return [op === '$or' ? any : { kind: 'not', part: any }, key];
  }

  /** { $lt | $lte | $gt | $gte: ['$a', '$b'] }: two field paths compared as mingo's expression operators do. */
  private expr(value: unknown): [Expr, string] {
    if (!isObjectLiteral(value)) return unsupported();
    const entries = Object.entries(value);
    const [op, args] = entries[0] ?? [];
    if (entries.length !== 1 || !op || !COMPARE[op] || !Array.isArray(args) || args.length !== 2) return unsupported();
    const [a, b] = (args as unknown[]).map((arg) => {
      const path = typeof arg === 'string' && arg.startsWith('$') ? pathSegments(arg.slice(1)) : undefined;
      return path ? getter(path) : unsupported();
    }) as [Getter, Getter];
    const compare = COMPARE[op];
    const node: Node<object> = (doc) => {
      const x = a(doc);
      const y = b(doc);
      if (x === EXOTIC || y === EXOTIC) return U;
      const tx = scalarType(x);
      const ty = scalarType(y);
      if (!tx || !ty || !EXPR_TYPES.has(tx) || !EXPR_TYPES.has(ty)) return U;
      return tx === ty && compare(x as never, y as never) ? T : F;
    };
    return [{ kind: 'document', node }, `$expr${JSON.stringify(value)}`];
  }

  private field(path: string, value: unknown): [Expr, string] {
    const segments = pathSegments(path) ?? unsupported();
    const [e, key] = this.operators(path, getter(segments), value);
    return [e, `${JSON.stringify(path)}${key}`];
  }

  /** mingo's normalize: a scalar means $eq, an object of operators is each of them. */
  private operators(path: string, get: Getter, value: unknown): [Expr, string] {
    if (value === null || typeof value !== 'object') return this.operator(path, get, '$eq', value);
    if (!isObjectLiteral(value)) return unsupported();
    const entries = Object.entries(value);
    if (entries.length === 0 || !entries.every(([op]) => isOperator(op))) return unsupported();
    const compiled = entries.map(([op, operand]) => this.operator(path, get, op, operand));
    const parts = compiled.map(([e]) => e);
    return [parts.length === 1 ? parts[0]! : { kind: 'all', parts }, `{${compiled.map(([, k]) => k).join(',')}}`];
  }

  private leaf(leaf: Leaf): Leaf {
    this.leaves.push(leaf);
    return leaf;
  }

  private operator(path: string, get: Getter, op: string, operand: unknown): [Expr, string] {
    switch (op) {
      case '$eq':
      case '$ne': {
        const eq = this.leaf(eqLeaf(path, get, constant(operand)));
        return [op === '$eq' ? eq : { kind: 'not', part: eq }, `${op}:${JSON.stringify(operand)}`];
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand)) return unsupported();
        const member = this.leaf(memberLeaf(path, get, (operand as unknown[]).map(constant)));
        return [op === '$in' ? member : { kind: 'not', part: member }, `${op}:${JSON.stringify(operand)}`];
      }
      case '$exists':
        return [this.leaf(existsLeaf(path, get, !!operand)), `$exists:${!!operand}`];
      case '$not': {
        const [part, key] = this.operators(path, get, operand);
        return [{ kind: 'not', part }, `$not${key}`];
      }
      default: {
        if (!COMPARE[op]) return unsupported();
        const c = constant(operand);
        const leaf = this.leaf(rangeLeaf(path, get, op, c));
        if (typeof c !== 'string') return [leaf, `${op}:${JSON.stringify(c)}`];
        this.params.push({ path, get, value: c });
        return [leaf, `${op}:?`];
      }
    }
  }
}

/** The compiled form of a filter, or undefined when it uses more than the subset (mingo then runs it whole). */
export function compileFilter(filter: Filter): CompiledFilter | undefined {
  const compiler = new Compiler();
  let tree: Expr;
  let key: string;
  try {
    [tree, key] = compiler.query(filter);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  let reference: Query | undefined;
  let fallbacks = 0;
  const mingo = (doc: object) => {
    fallbacks++;
    return (reference ??= new Query(filter)).test(doc as Record<string, unknown>);
  };
  const onDocs = onDocuments(tree);
  return {
    key,
    params: compiler.params,
    leaves: compiler.leaves,
    get fallbacks() {
      return fallbacks;
    },
    test: (doc) => {
      const r = onDocs(doc);
      return r === U ? mingo(doc) : r === T;
    },
    rows: (table) => {
      const onRows = bindRows(tree, table, compiler.leaves);
      const docs: readonly ReadDocument[] = table.docs;
      return (row) => {
        const r = onRows(row);
        return r === U ? mingo(docs[row]!) : r === T;
      };
    },
  };
}
