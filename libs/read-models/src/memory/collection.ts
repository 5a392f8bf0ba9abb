// One collection of the embedded read store: its documents, its indexes, and how a query runs.
// A query is narrowed through the narrowest index it allows (never a scan of every document),
// then answered by the compiled filter (./compile.ts) over the tenant's cached arrays
// (./tenant-cache.ts), or by mingo, the reference, for what the compiled form does not cover.
import { Query } from 'mingo';
import { type CollectionSpec, type Filter, type FindQuery, type ReadDocument, UnindexedQueryError } from '../port.js';
import { compileFilter } from './compile.js';
import { EqualityIndex, isEqualityValue, OrderedIndex, topLevelConditions } from './indexes.js';
import { type CompiledSort, compileSort, sortDocuments } from './sorting.js';
import { TenantCaches } from './tenant-cache.js';

export interface EngineOptions {
  /** 'mingo' evaluates every query with mingo alone: the reference the compiled engine is tested against. */
  engine: 'compiled' | 'mingo';
  /** Tenants of at least this many documents get query caches. */
  cacheFrom: number;
  /** At most this many document references in one collection's caches. */
  cacheBudget: number;
}

/** The documents a query may match: the index set it was narrowed to (a tenant), or a list. */
interface Narrowed {
  ids: Iterable<string>;
  size: number;
  tenant?: { field: string; value: unknown; ids: ReadonlySet<string> };
  /** Narrowed by a range of an ordered index (due times). */
  range?: { index: OrderedIndex; from: string | undefined; to: string | undefined };
}

export interface Answer<T> {
  value: T;
  /** How many documents the query was narrowed to (the tenant's, for an equality index). */
  examined: number;
}

/** skip and limit as mingo applies them; undefined for values it would reject or read otherwise (mingo then pages). */
function windowOf(query: FindQuery): { skip: number; limit: number } | undefined {
  const skip = query.skip ? query.skip : 0;
  const limit = query.limit === undefined ? Number.POSITIVE_INFINITY : query.limit;
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  return whole(skip) && (whole(limit) || limit === Number.POSITIVE_INFINITY) ? { skip, limit } : undefined;
}

function mingoFind<D>(docs: readonly ReadDocument[], query: FindQuery, filter: Filter = query.filter): D[] {
  let cursor = new Query(filter).find<D>(docs);
  if (query.sort) cursor = cursor.sort(query.sort);
  if (query.skip) cursor = cursor.skip(query.skip);
  if (query.limit !== undefined) cursor = cursor.limit(query.limit);
  return cursor.all();
}

/** The matches of a walk over documents in their final order, from `skip`, at most `limit`; stops early. */
function walk(docs: readonly ReadDocument[], test: (d: ReadDocument) => boolean, skip: number, limit: number): ReadDocument[] {
  const out: ReadDocument[] = [];
  if (limit === 0) return out;
  for (const doc of docs) {
    if (!test(doc)) continue;
    if (skip > 0) skip--;
    else if (out.push(doc) === limit) break;
  }
  return out;
}

/** The same over a tenant's rows, in `order` (forwards or backwards) or in the index's order. */
function walkRows(
  docs: readonly ReadDocument[],
  order: Int32Array | undefined,
  backwards: boolean,
  test: (row: number) => boolean,
  skip: number,
  limit: number,
) {
  const out: ReadDocument[] = [];
  if (limit === 0) return out;
  const n = docs.length;
  for (let j = 0; j < n; j++) {
    const row = order ? order[backwards ? n - 1 - j : j]! : j;
    if (!test(row)) continue;
    if (skip > 0) skip--;
    else if (out.push(docs[row]!) === limit) break;
  }
  return out;
}

export class MemoryCollection {
  readonly docs = new Map<string, ReadDocument>();
  private readonly equality: EqualityIndex[];
  private readonly ordered: OrderedIndex[];
  private readonly caches: TenantCaches;

  constructor(
    readonly spec: CollectionSpec,
    private readonly options: EngineOptions,
  ) {
    this.equality = spec.equalityIndexes.map((f) => new EqualityIndex(f));
    this.ordered = (spec.orderedIndexes ?? []).map((f) => new OrderedIndex(f));
    this.caches = new TenantCaches(options.cacheFrom, options.cacheBudget);
  }

  /** Re-indexes only the fields whose value changed; drops the caches of the tenants involved, if any. */
  put(doc: ReadDocument): void {
    const previous = this.docs.get(doc._id);
    this.docs.set(doc._id, doc);
    for (const index of this.equality) this.reindex(index, doc._id, previous?.[index.field], doc[index.field], previous !== undefined);
    for (const index of this.ordered) this.reindex(index, doc._id, previous?.[index.field], doc[index.field], previous !== undefined);
    if (this.caches.active)
      for (const index of this.equality) {
        this.caches.invalidate(index.field, previous?.[index.field]);
        this.caches.invalidate(index.field, doc[index.field]);
      }
  }

  /**
   * A document loaded from a snapshot: indexed straight away when the collection has none of that
   * id (the load of 1,500,000 documents at a restart), else kept only if later than the one held.
   */
  restore(doc: ReadDocument): void {
    const previous = this.docs.get(doc._id);
    if (previous !== undefined || this.caches.active) {
      if (previous === undefined || previous._position < doc._position) this.put(doc);
      return;
    }
    const id = doc._id;
    this.docs.set(id, doc);
    for (const index of this.equality) index.add(id, doc[index.field]);
    for (const index of this.ordered) index.add(id, doc[index.field]);
  }

  private reindex(index: EqualityIndex | OrderedIndex, id: string, before: unknown, after: unknown, existed: boolean): void {
    if (existed && before === after) return;
    if (existed) index.remove(id, before);
    index.add(id, after);
  }

  delete(id: string): void {
    const previous = this.docs.get(id);
    if (!previous) return;
    for (const index of this.equality) index.remove(id, previous[index.field]);
    for (const index of this.ordered) index.remove(id, previous[index.field]);
    this.docs.delete(id);
    if (this.caches.active) for (const index of this.equality) this.caches.invalidate(index.field, previous[index.field]);
  }

  /** The documents a filter may match, through the narrowest index it allows. */
  private narrow(filter: Filter): Narrowed {
    const conditions = topLevelConditions(filter);
    let best: Narrowed | undefined;
    for (const [field, value] of conditions) {
      if (field === '_id' && isEqualityValue(value)) {
        const ids = this.docs.has(value as string) ? [value as string] : [];
        best = { ids, size: ids.length };
      }
      const index = this.equality.find((i) => i.field === field);
      if (!index || !isEqualityValue(value)) continue;
      const ids = index.lookup(value);
      if (!best || ids.size < best.size) best = { ids, size: ids.size, tenant: { field, value, ids } };
    }
    if (!best)
      for (const [field, value] of conditions) {
        const index = this.ordered.find((i) => i.field === field);
        if (!index || typeof value !== 'object' || value === null) continue;
        const range = value as Record<string, string>;
        const from = range.$gte ?? range.$gt;
        const to = range.$lte ?? range.$lt;
        const ids = index.range(from, to);
        best = { ids, size: ids.length, range: { index, from, to } };
        break;
      }
    if (!best) throw new UnindexedQueryError(this.spec.name, filter);
    return best;
  }

  private materialize(narrowed: Narrowed): ReadDocument[] {
    const out = new Array<ReadDocument>(narrowed.size);
    let i = 0;
    for (const id of narrowed.ids) out[i++] = this.docs.get(id)!;
    return out;
  }

  private cacheOf(narrowed: Narrowed) {
    const t = narrowed.tenant;
    return t && this.caches.of(t.field, t.value, t.ids, this.docs);
  }

  find<D>(query: FindQuery): Answer<D[]> {
    const narrowed = this.narrow(query.filter);
    const examined = narrowed.size;
    const compiled = this.options.engine === 'compiled' ? compileFilter(query.filter) : undefined;
    if (!compiled) return { value: mingoFind<D>(this.materialize(narrowed), query), examined };
    const window = windowOf(query);
    const sort = query.sort && compileSort(query.sort);
    const cache = this.cacheOf(narrowed);
    let matches: ReadDocument[];
    if (cache) {
      const test = compiled.rows(cache);
      const { docs } = cache;
      if (sort && sort.total && window) {
        const order = cache.ordered(sort);
        if (order) return { value: walkRows(docs, order, sort.reversed, test, window.skip, window.limit) as D[], examined };
      }
      // Unsorted answers keep the index's order, as mingo does over the same candidates.
      if (!query.sort && window) return { value: walkRows(docs, undefined, false, test, window.skip, window.limit) as D[], examined };
      matches = docs.filter((_, row) => test(row));
    } else {
      const page = sort && window && this.firstByRange(narrowed, sort, compiled.test, window.skip + window.limit);
      if (page) return { value: walk(page, () => true, window!.skip, window!.limit) as D[], examined };
      const candidates = this.materialize(narrowed);
      if (!query.sort && window) return { value: walk(candidates, compiled.test, window.skip, window.limit) as D[], examined };
      matches = candidates.filter(compiled.test);
    }
    const sorted = sort && window ? sortDocuments(matches, sort.keys) : undefined;
    if (sorted) return { value: walk(sorted, () => true, window!.skip, window!.limit) as D[], examined };
    // A sort or a page the compiled path does not model: mingo orders and pages the matches.
    return { value: mingoFind<D>(matches, query, {}), examined };
  }

  /**
   * The first `wanted` matches of a query narrowed by a range and sorted by that same field first,
   * a day bucket at a time (each bucket's matches sorted by the whole sort): what a deadline pass
   * asks for, 500 at a time, out of 100,000 due ones after a long downtime. undefined when the
   * query is not of that kind (or a value is not a string): the general path answers it.
   */
  private firstByRange(narrowed: Narrowed, sort: CompiledSort, test: (d: ReadDocument) => boolean, wanted: number): ReadDocument[] | undefined {
    const range = narrowed.range;
    if (!range || !sort.total || !Number.isFinite(wanted) || sort.keys[0]!.path !== range.index.field) return undefined;
    const out: ReadDocument[] = [];
    for (const ids of range.index.bucketsWithin(range.from, range.to, sort.keys[0]!.direction === -1)) {
      const matches: ReadDocument[] = [];
      for (const id of ids) {
        const doc = this.docs.get(id)!;
        if (test(doc)) matches.push(doc);
      }
      const sorted = sortDocuments(matches, sort.keys);
      if (!sorted) return undefined;
      for (const doc of sorted) out.push(doc);
      if (out.length >= wanted) break;
    }
    return out;
  }

  count(filter: Filter): Answer<number> {
    const narrowed = this.narrow(filter);
    const examined = narrowed.size;
    const compiled = this.options.engine === 'compiled' ? compileFilter(filter) : undefined;
    if (!compiled) {
      const query = new Query(filter);
      let n = 0;
      for (const doc of this.materialize(narrowed)) if (query.test(doc)) n++;
      return { value: n, examined };
    }
    const cache = this.cacheOf(narrowed);
    let n = 0;
    if (!cache) {
      for (const id of narrowed.ids) if (compiled.test(this.docs.get(id)!)) n++;
      return { value: n, examined };
    }
    const known = cache.cachedCount(compiled);
    if (known !== undefined) return { value: known, examined };
    const test = compiled.rows(cache);
    for (let row = 0, rows = cache.docs.length; row < rows; row++) if (test(row)) n++;
    // A count mingo helped with is not kept: its stability over `now` is not proven.
    if (compiled.fallbacks === 0) cache.rememberCount(compiled, n);
    return { value: n, examined };
  }
}
