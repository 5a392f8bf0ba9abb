// Blue/green read models. A replay rebuilds projections into a fresh store while the pages keep
// reading the current one; once the fresh one has caught up, `switchTo` routes those projections
// (their collections for reads, their name for commits and checkpoints) to it in one synchronous
// step, so no request ever sees a half-built or an empty read model, and the live projector,
// which commits through this store, feeds the new generation from its next batch on.
//
// MongoDB would do the same with fresh collections: `fresh()` gives a MongoReadStore whose
// collection names carry a generation suffix (`authorizations__g2`, with its own checkpoint
// documents); `switchTo` writes the projection -> generation map into one small document, in one
// transaction with the checkpoints, which every MongoReadStore resolves collection names through
// (cached, refreshed from a change stream), then drops the old generation's collections. A single
// collection could also be swapped with renameCollection({ dropTarget: true }), but a replay of
// several projections then switches them one at a time.
import type { DocumentWrite, Filter, FindQuery, Projection, ReadDocument, ReadStore } from '#libs/read-models';
import { MemoryReadStore } from '#libs/read-models';

/** A read store whose projections can be rebuilt elsewhere and switched to. */
export interface ReadStoreSwitch extends ReadStore {
  /** An empty store of the same kind for a replay to build into. */
  fresh(): ReadStore;
  /** From now on these projections are read from and committed to `store`; their old storage is dropped. */
  switchTo(projections: readonly Projection[], store: ReadStore): void;
}

export function isReadStoreSwitch(store: ReadStore): store is ReadStoreSwitch {
  return typeof (store as Partial<ReadStoreSwitch>).switchTo === 'function' && typeof (store as Partial<ReadStoreSwitch>).fresh === 'function';
}

/**
 * The embedded default's read store: a MemoryReadStore (so the rest of the app and the tests
 * see the type they know) that serves each switched projection from the store it was rebuilt in
 * and every other one from its own memory.
 */
export class SwitchableMemoryReadStore extends MemoryReadStore implements ReadStoreSwitch {
  /** Projection name -> the store holding it since its last replay. */
  private readonly byProjection = new Map<string, MemoryReadStore>();
  /** Collection name -> the same, for reads. */
  private readonly byCollection = new Map<string, MemoryReadStore>();
  /** How many switches there have been (tests read it). */
  generation = 0;

  fresh(): MemoryReadStore {
    return new MemoryReadStore();
  }

  switchTo(projections: readonly Projection[], store: ReadStore): void {
    if (!(store instanceof MemoryReadStore)) throw new Error('a memory read store switches to another memory read store');
    const dropped: Array<{ from: MemoryReadStore | undefined; projection: Projection }> = [];
    for (const projection of projections) {
      dropped.push({ from: this.byProjection.get(projection.name), projection });
      this.byProjection.set(projection.name, store);
      this.byCollection.set(projection.collection, store);
    }
    this.generation++;
    // Only now, with every route on the new store, free the old documents (reset runs synchronously).
    for (const { from, projection } of dropped)
      void (from ? from.reset([projection.name], [projection.collection]) : super.reset([projection.name], [projection.collection]));
  }

  override load(collection: string, ids: readonly string[]): Promise<Map<string, ReadDocument>> {
    const routed = this.byCollection.get(collection);
    return routed ? routed.load(collection, ids) : super.load(collection, ids);
  }

  override loadSync(collection: string, ids: readonly string[]): Map<string, ReadDocument> {
    const routed = this.byCollection.get(collection);
    return routed ? routed.loadSync(collection, ids) : super.loadSync(collection, ids);
  }

  override commit(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): Promise<void> {
    const routed = this.byProjection.get(projection);
    return routed ? routed.commit(projection, checkpoint, writes) : super.commit(projection, checkpoint, writes);
  }

  override commitSync(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): void {
    const routed = this.byProjection.get(projection);
    if (routed) routed.commitSync(projection, checkpoint, writes);
    else super.commitSync(projection, checkpoint, writes);
  }

  override restoreSync(collection: string, docs: readonly ReadDocument[]): void {
    const routed = this.byCollection.get(collection);
    if (routed) routed.restoreSync(collection, docs);
    else super.restoreSync(collection, docs);
  }

  override checkpoint(projection: string): Promise<bigint> {
    const routed = this.byProjection.get(projection);
    return routed ? routed.checkpoint(projection) : super.checkpoint(projection);
  }

  override async find<D = ReadDocument>(collection: string, query: FindQuery): Promise<D[]> {
    const routed = this.byCollection.get(collection);
    if (!routed) return super.find<D>(collection, query);
    const found = await routed.find<D>(collection, query);
    this.lastExamined = routed.lastExamined;
    return found;
  }

  override async count(collection: string, filter: Filter): Promise<number> {
    const routed = this.byCollection.get(collection);
    if (!routed) return super.count(collection, filter);
    const n = await routed.count(collection, filter);
    this.lastExamined = routed.lastExamined;
    return n;
  }

  override scan<D = ReadDocument>(collection: string, query: FindQuery, pageSize?: number): AsyncIterable<D[]> {
    const routed = this.byCollection.get(collection);
    return routed ? routed.scan<D>(collection, query, pageSize) : super.scan<D>(collection, query, pageSize);
  }

  override async reset(projections: readonly string[], collections: readonly string[]): Promise<void> {
    for (const p of projections) {
      const routed = this.byProjection.get(p);
      await (routed ? routed.reset([p], []) : super.reset([p], []));
    }
    for (const c of collections) {
      const routed = this.byCollection.get(c);
      await (routed ? routed.reset([], [c]) : super.reset([], [c]));
    }
  }

  override documentCursor(collection: string): { size: number; cursor: Iterator<ReadDocument> } {
    const routed = this.byCollection.get(collection);
    return routed ? routed.documentCursor(collection) : super.documentCursor(collection);
  }

  override snapshot(): Record<string, ReadDocument[]> {
    const out = super.snapshot();
    for (const [collection, store] of this.byCollection) {
      const docs = store.snapshot()[collection];
      if (docs) out[collection] = docs;
    }
    return out;
  }
}
