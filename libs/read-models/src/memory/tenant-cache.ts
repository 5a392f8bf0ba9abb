// Query caches per tenant (the value of the equality index a query was narrowed by: a partner, a
// seller, a service), built lazily by the queries that need them and dropped whole when a
// document of the tenant is written, so the projections' writes (and a rebuild, before anyone
// queries) pay nothing for them. A cache holds:
//   - the tenant's documents in an array (in the index's order, which unsorted answers keep), and
//     columns of the paths queries filtered or sorted on (./columns.ts);
//   - per total sort (one ending ties on _id), the rows in that order, serving the sort and its
//     exact reverse: a page walks it and stops after skip + limit matches;
//   - counts, each valid for the documents as they are AND for its string range bounds (`now`)
//     anywhere strictly between the two tenant values nearest to them (see `Bounds`).
import type { ReadDocument } from '../port.js';
import { buildColumns, type Column, type RowTable } from './columns.js';
import type { CompiledFilter, RangeParam } from './compile.js';
import { lowerBound } from './expr.js';
import { EXOTIC, type Getter, scalarType } from './paths.js';
import { type CompiledSort, sortRows } from './sorting.js';

/**
 * Where a range bound may move without changing any document's answer: a bound compares only
 * with the strings at its path (mingo's type bracketing), so an answer given for `value` holds
 * for any other bound that no string of the tenant lies between (or on). undefined: none that side.
 */
interface Bounds {
  value: string;
  below: string | undefined;
  above: string | undefined;
  taken: boolean;
}

const holds = (b: Bounds, v: string) => v === b.value || (!b.taken && (b.below === undefined || b.below < v) && (b.above === undefined || v < b.above));

interface CountEntry {
  bounds: Bounds[];
  count: number;
}

/** Counts kept per filter shape; a few bound values each (pages ask with a `now` that moves on). */
const ENTRIES_PER_KEY = 4;

export class TenantCache implements RowTable {
  private all: ReadDocument[] | undefined;
  private readonly byPath = new Map<string, Column>();
  private readonly orders = new Map<string, Int32Array | null>();
  private readonly counts = new Map<string, CountEntry[]>();
  private readonly bounds = new Map<string, Bounds | null>();
  /** Bytes held, roughly, for the owner's budget. */
  held = 0;

  constructor(
    private readonly ids: ReadonlySet<string>,
    private readonly store: ReadonlyMap<string, ReadDocument>,
    readonly narrowedBy: { field: string; value: unknown },
    private readonly charge: (bytes: number) => void,
  ) {}

  /** The tenant's documents, in the index's order: row i is docs[i]. */
  get docs(): ReadDocument[] {
    if (!this.all) {
      const all = new Array<ReadDocument>(this.ids.size);
      let i = 0;
      for (const id of this.ids) all[i++] = this.store.get(id)!;
      this.all = all;
      this.account(8 * all.length);
    }
    return this.all;
  }

  columns(paths: ReadonlyArray<{ path: string; get: Getter }>): ReadonlyMap<string, Column> {
    const missing = new Map<string, { path: string; get: Getter }>();
    for (const p of paths) if (!this.byPath.has(p.path)) missing.set(p.path, p);
    if (missing.size) {
      const built = buildColumns(this.docs, [...missing.values()]);
      [...missing.keys()].forEach((path, i) => {
        this.byPath.set(path, built[i]!);
        this.account(built[i]!.bytes);
      });
    }
    return this.byPath;
  }

  /** The rows in the canonical order of a total sort; null when a key is not a string on every row (mingo sorts those). */
  ordered(sort: CompiledSort): Int32Array | null {
    let order = this.orders.get(sort.canonical);
    if (order === undefined) {
      const columns = this.columns(sort.canonicalKeys);
      order = sortRows(
        sort.canonicalKeys.map((k) => columns.get(k.path)!),
        sort.canonicalKeys,
        this.docs.length,
      );
      this.orders.set(sort.canonical, order);
      if (order) this.account(4 * order.length);
    }
    return order;
  }

  /** A count given earlier for the same filter shape, if still true for these bounds. */
  cachedCount(filter: CompiledFilter): number | undefined {
    const entries = this.counts.get(filter.key);
    if (!entries) return undefined;
    const { params } = filter;
    for (const entry of entries) if (entry.bounds.every((b, i) => holds(b, params[i]!.value))) return entry.count;
    return undefined;
  }

  /** Keeps a count, unless a bound's path holds values whose comparison mingo decided (then it is not provably stable). */
  rememberCount(filter: CompiledFilter, count: number): void {
    const bounds: Bounds[] = [];
    for (const param of filter.params) {
      const b = this.boundsOf(param);
      if (!b) return;
      bounds.push(b);
    }
    const entries = this.counts.get(filter.key) ?? [];
    entries.unshift({ bounds, count });
    if (entries.length > ENTRIES_PER_KEY) entries.pop();
    this.counts.set(filter.key, entries);
  }

  private boundsOf(param: RangeParam): Bounds | null {
    const key = `${param.path}\u0000${param.value}`;
    let b = this.bounds.get(key);
    if (b === undefined) {
      const column = this.columns([param]).get(param.path)!;
      b = column.hasOther ? scanBounds(this.docs, param) : columnBounds(column.strings, param.value);
      this.bounds.set(key, b);
    }
    return b;
  }

  private account(bytes: number): void {
    this.held += bytes;
    this.charge(bytes);
  }
}

/** From a column with strings, missing and null only: its strings nearest to the bound. */
function columnBounds(strings: readonly string[], c: string): Bounds {
  const r = lowerBound(strings, c);
  const taken = strings[r] === c;
  return { value: c, below: strings[r - 1], above: strings[taken ? r + 1 : r], taken };
}

/** The tenant's strings at the param's path nearest to its value; null if a value there is one mingo alone models. */
function scanBounds(docs: readonly ReadDocument[], param: RangeParam): Bounds | null {
  const c = param.value;
  const b: Bounds = { value: c, below: undefined, above: undefined, taken: false };
  const see = (s: string) => {
    if (s < c) {
      if (b.below === undefined || s > b.below) b.below = s;
    } else if (s > c) {
      if (b.above === undefined || s < b.above) b.above = s;
    } else b.taken = true;
  };
  for (const doc of docs) {
    const v = param.get(doc);
    if (typeof v === 'string') see(v);
    else if (v === EXOTIC) return null;
    else if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x === 'string') see(x);
        else if (scalarType(x) === undefined) return null;
      }
    } else if (scalarType(v) === undefined) return null;
  }
  return b;
}

const tenantKey = (field: string, value: unknown) => `${field}\u0000${typeof value}\u0000${String(value)}`;

/**
 * One collection's tenant caches, least recently used first. Only tenants of at least `from`
 * documents get one (a seller's five are filtered and sorted faster than looked up), and the
 * caches together hold at most about `budget` bytes: the least recently used go first.
 */
export class TenantCaches {
  private readonly byTenant = new Map<string, TenantCache>();
  private held = 0;

  constructor(
    private readonly from: number,
    private readonly budget: number,
  ) {}

  /** Whether any cache exists: writes skip invalidation entirely until a query builds one. */
  get active(): boolean {
    return this.byTenant.size > 0;
  }

  of(field: string, value: unknown, ids: ReadonlySet<string>, docs: ReadonlyMap<string, ReadDocument>): TenantCache | undefined {
    if (ids.size < this.from) return undefined;
    const key = tenantKey(field, value);
    let cache = this.byTenant.get(key);
    if (cache) this.byTenant.delete(key);
    else {
      const created: TenantCache = new TenantCache(ids, docs, { field, value }, (bytes) => {
        this.held += bytes;
        this.evictBut(created);
      });
      cache = created;
    }
    this.byTenant.set(key, cache);
    return cache;
  }

  /** A document with this value was written or deleted: the tenant's answers may have changed. */
  invalidate(field: string, value: unknown): void {
    if (value === undefined || value === null || typeof value === 'object') return;
    const key = tenantKey(field, value);
    const cache = this.byTenant.get(key);
    if (!cache) return;
    this.byTenant.delete(key);
    this.held -= cache.held;
  }

  private evictBut(keep: TenantCache): void {
    for (const [key, cache] of this.byTenant) {
      if (this.held <= this.budget) return;
      if (cache === keep) continue;
      this.byTenant.delete(key);
      this.held -= cache.held;
    }
  }
}
