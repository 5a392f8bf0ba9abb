// The embedded read store: documents in memory, rebuilt from the log at start, queried with
// mingo after narrowing through an index, never by scanning every document.
import { Query } from 'mingo';
import {
  type CollectionSpec,
  type DocumentWrite,
  type Filter,
  type FindQuery,
  type ReadDocument,
  type ReadStore,
  UnindexedQueryError,
} from '../port.js';
import { EqualityIndex, isEqualityValue, OrderedIndex, topLevelConditions } from './indexes.js';

class MemoryCollection {
  readonly docs = new Map<string, ReadDocument>();
  private readonly equality: EqualityIndex[];
  private readonly ordered: OrderedIndex[];

  constructor(readonly spec: CollectionSpec) {
    this.equality = spec.equalityIndexes.map((f) => new EqualityIndex(f));
    this.ordered = (spec.orderedIndexes ?? []).map((f) => new OrderedIndex(f));
  }

  put(doc: ReadDocument): void {
    const previous = this.docs.get(doc._id);
    if (previous) this.unindex(previous);
    this.docs.set(doc._id, doc);
    for (const index of this.equality) index.add(doc._id, doc[index.field]);
    for (const index of this.ordered) index.add(doc._id, doc[index.field]);
  }

  delete(id: string): void {
    const previous = this.docs.get(id);
    if (!previous) return;
    this.unindex(previous);
    this.docs.delete(id);
  }

  private unindex(doc: ReadDocument): void {
    for (const index of this.equality) index.remove(doc._id, doc[index.field]);
    for (const index of this.ordered) index.remove(doc._id, doc[index.field]);
  }

  /** The documents a filter may match, through the narrowest index it allows. */
  candidates(filter: Filter): ReadDocument[] {
    const conditions = topLevelConditions(filter);
    let best: ReadonlySet<string> | string[] | undefined;
    const size = (s: ReadonlySet<string> | string[]) => ('size' in s ? s.size : s.length);
    for (const [field, value] of conditions) {
      if (field === '_id' && isEqualityValue(value)) best = this.docs.has(value as string) ? [value as string] : [];
      const index = this.equality.find((i) => i.field === field);
      if (!index || !isEqualityValue(value)) continue;
      const ids = index.lookup(value);
      if (!best || ids.size < size(best)) best = ids;
    }
    if (!best)
      for (const [field, value] of conditions) {
        const index = this.ordered.find((i) => i.field === field);
        if (!index || typeof value !== 'object' || value === null) continue;
        const range = value as Record<string, string>;
        best = index.range(range.$gte ?? range.$gt, range.$lte ?? range.$lt);
        break;
      }
    if (!best) throw new UnindexedQueryError(this.spec.name, filter);
    const out: ReadDocument[] = [];
    for (const id of best) out.push(this.docs.get(id)!);
    return out;
  }
}

export class MemoryReadStore implements ReadStore {
  private readonly collections = new Map<string, MemoryCollection>();
  private readonly checkpoints = new Map<string, bigint>();
  /** How many documents the last query examined after narrowing: tests check tenant isolation with it. */
  lastExamined = 0;

  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    for (const spec of specs) if (!this.collections.has(spec.name)) this.collections.set(spec.name, new MemoryCollection(spec));
  }

  private collection(name: string): MemoryCollection {
    const collection = this.collections.get(name);
    if (!collection) throw new Error(`unknown collection ${name}`);
    return collection;
  }

  async load(collection: string, ids: readonly string[]): Promise<Map<string, ReadDocument>> {
    return this.loadSync(collection, ids);
  }

  loadSync(collection: string, ids: readonly string[]): Map<string, ReadDocument> {
    const docs = this.collection(collection).docs;
    const out = new Map<string, ReadDocument>();
    for (const id of ids) {
      const doc = docs.get(id);
      if (doc) out.set(id, doc);
    }
    return out;
  }

  async commit(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): Promise<void> {
    this.commitSync(projection, checkpoint, writes);
  }

  commitSync(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): void {
    for (const write of writes) {
      const collection = this.collection(write.collection);
      const existing = collection.docs.get(write.id);
      // A deletion has no position of its own: the batch's checkpoint bounds it, so a replayed
      // batch does not delete a document a later batch wrote.
      if (write.document === null) {
        if (existing && existing._position <= checkpoint) collection.delete(write.id);
      } else if (!existing || existing._position < write.document._position) collection.put(write.document);
    }
    if (checkpoint > (this.checkpoints.get(projection) ?? 0n)) this.checkpoints.set(projection, checkpoint);
  }

  async checkpoint(projection: string): Promise<bigint> {
    return this.checkpoints.get(projection) ?? 0n;
  }

  private run<D>(collection: string, query: FindQuery): D[] {
    const candidates = this.collection(collection).candidates(query.filter);
    this.lastExamined = candidates.length;
    let cursor = new Query(query.filter).find<D>(candidates);
    if (query.sort) cursor = cursor.sort(query.sort);
    if (query.skip) cursor = cursor.skip(query.skip);
    if (query.limit !== undefined) cursor = cursor.limit(query.limit);
    return cursor.all();
  }

  async find<D = ReadDocument>(collection: string, query: FindQuery): Promise<D[]> {
    return this.run<D>(collection, query);
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const candidates = this.collection(collection).candidates(filter);
    this.lastExamined = candidates.length;
    const query = new Query(filter);
    let n = 0;
    for (const doc of candidates) if (query.test(doc)) n++;
    return n;
  }

  async *scan<D = ReadDocument>(collection: string, query: FindQuery, pageSize = 1_000): AsyncIterable<D[]> {
    const all = this.run<D>(collection, query);
    for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
  }

  async reset(projections: readonly string[], collections: readonly string[]): Promise<void> {
    for (const p of projections) this.checkpoints.delete(p);
    for (const name of collections) {
      const existing = this.collections.get(name);
      if (existing) this.collections.set(name, new MemoryCollection(existing.spec));
    }
  }

  /** Every document of every collection, for comparisons in tests and replays. */
  snapshot(): Record<string, ReadDocument[]> {
    const out: Record<string, ReadDocument[]> = {};
    for (const [name, c] of this.collections) out[name] = [...c.docs.values()].sort((a, b) => (a._id < b._id ? -1 : 1));
    return out;
  }

  async close(): Promise<void> {}
}
