// The embedded read store: documents in memory, rebuilt from the log at start, queried after
// narrowing through an index, never by scanning every document: with filters compiled to
// closures and per-tenant caches (./collection.ts), mingo being the reference and the fallback.
import type { CollectionSpec, DocumentWrite, Filter, FindQuery, ReadDocument, ReadStore } from '../port.js';
import { type EngineOptions, MemoryCollection } from './collection.js';

export type MemoryReadStoreOptions = Partial<EngineOptions>;

const DEFAULTS: EngineOptions = {
  engine: 'compiled',
  // Below this a tenant's documents are filtered and sorted faster than a cache is kept up.
  cacheFrom: 1_000,
  // 8M references (64 MB) per collection: a 100,000-document tenant with its three sort orders is 400,000.
  cacheBudget: 8_000_000,
};

export class MemoryReadStore implements ReadStore {
  private readonly collections = new Map<string, MemoryCollection>();
  private readonly checkpoints = new Map<string, bigint>();
  private readonly options: EngineOptions;
  /**
   * How many documents the last query was narrowed to (the tenant's, through its index), which
   * bounds what it may examine: tests check tenant isolation with it. A sorted page may stop
   * early and a cached count look at none, but both answer from these documents only.
   */
  lastExamined = 0;

  constructor(options: MemoryReadStoreOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    for (const spec of specs) if (!this.collections.has(spec.name)) this.collections.set(spec.name, new MemoryCollection(spec, this.options));
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

  /** Documents of a snapshot, loaded before the runner starts (snapshots/): no checkpoint moves. */
  restoreSync(collection: string, docs: readonly ReadDocument[]): void {
    const c = this.collection(collection);
    for (let i = 0; i < docs.length; i++) c.restore(docs[i]!);
  }

  async checkpoint(projection: string): Promise<bigint> {
    return this.checkpoints.get(projection) ?? 0n;
  }

  private run<D>(collection: string, query: FindQuery): D[] {
    const { value, examined } = this.collection(collection).find<D>(query);
    this.lastExamined = examined;
    return value;
  }

  async find<D = ReadDocument>(collection: string, query: FindQuery): Promise<D[]> {
    return this.run<D>(collection, query);
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const { value, examined } = this.collection(collection).count(filter);
    this.lastExamined = examined;
    return value;
  }

  async *scan<D = ReadDocument>(collection: string, query: FindQuery, pageSize = 1_000): AsyncIterable<D[]> {
    const all = this.run<D>(collection, query);
    for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
  }

  async reset(projections: readonly string[], collections: readonly string[]): Promise<void> {
    for (const p of projections) this.checkpoints.delete(p);
    for (const name of collections) {
      const existing = this.collections.get(name);
      if (existing) this.collections.set(name, new MemoryCollection(existing.spec, this.options));
    }
  }

  /** A live cursor over a collection's documents (snapshots/read-model-snapshots.ts says why a live one is enough). */
  documentCursor(collection: string): { size: number; cursor: Iterator<ReadDocument> } {
    const { docs } = this.collection(collection);
    return { size: docs.size, cursor: docs.values() };
  }

  /** Every document of every collection, for comparisons in tests and replays. */
  snapshot(): Record<string, ReadDocument[]> {
    const out: Record<string, ReadDocument[]> = {};
    for (const [name, c] of this.collections) out[name] = [...c.docs.values()].sort((a, b) => (a._id < b._id ? -1 : 1));
    return out;
  }

  async close(): Promise<void> {}
}
