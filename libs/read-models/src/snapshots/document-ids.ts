// The ids of the documents a memory store holds, per collection, kept up from its writes, so that
// a snapshot can list every document at once without the store's own listing: snapshot() sorts
// every document by id, which held the event loop for 12 s at 1,500,000 documents; looking the
// tracked ids up takes a fraction of that. Costs a Set entry per document (~30 bytes).
import { MemoryReadStore } from '../memory/memory-read-store.js';
import type { DocumentWrite, ReadDocument, SyncReadStore } from '../port.js';

type LoadsSync = Pick<SyncReadStore, 'loadSync'>;

export class DocumentIds {
  private readonly byCollection = new Map<string, Set<string>>();
  /** Collections whose documents came from elsewhere (a store switched to untracked): listed by the store. */
  private readonly untracked = new Set<string>();

  private of(collection: string): Set<string> {
    let ids = this.byCollection.get(collection);
    if (!ids) this.byCollection.set(collection, (ids = new Set()));
    return ids;
  }

  /** After `store` applied `writes`: a written id is kept; a deleted one is dropped once its document is gone. */
  written(store: LoadsSync, writes: readonly DocumentWrite[]): void {
    let deleted: Map<string, string[]> | undefined;
    for (const write of writes) {
      if (write.document) this.of(write.collection).add(write.id);
      else {
        deleted ??= new Map();
        const ids = deleted.get(write.collection);
        if (ids) ids.push(write.id);
        else deleted.set(write.collection, [write.id]);
      }
    }
    // The store may have kept one (a replayed deletion older than the document): ask it.
    if (deleted)
      for (const [collection, ids] of deleted) {
        const kept = store.loadSync(collection, ids);
        for (const id of ids) if (!kept.has(id)) this.of(collection).delete(id);
      }
  }

  dropped(collections: readonly string[]): void {
    for (const c of collections) {
      this.byCollection.delete(c);
      this.untracked.delete(c);
    }
  }

  /** These collections are now `from`'s (a blue/green switch), or nobody's when `from` is undefined. */
  adopt(from: DocumentIds | undefined, collections: readonly string[]): void {
    for (const c of collections) {
      const ids = from?.byCollection.get(c);
      if (ids) this.byCollection.set(c, ids);
      else this.byCollection.delete(c);
      if (from && !from.untracked.has(c)) this.untracked.delete(c);
      else this.untracked.add(c);
    }
  }

  /** Every document of the collection as it is now, in no order; undefined when its ids are not known here. */
  documents(store: LoadsSync, collection: string): ReadDocument[] | undefined {
    if (this.untracked.has(collection)) return undefined;
    const ids = this.byCollection.get(collection);
    return ids ? [...store.loadSync(collection, [...ids]).values()] : [];
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MemoryStoreClass = abstract new (...args: any[]) => MemoryReadStore;

/** `Base` keeping the ids of its documents through every write and reset (a mixin: the switchable store needs it too). */
export function TrackingIds<B extends MemoryStoreClass>(Base: B) {
  abstract class Tracking extends Base {
    readonly ids = new DocumentIds();

    override commitSync(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): void {
      super.commitSync(projection, checkpoint, writes);
      this.ids.written(this, writes);
    }

    override async commit(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): Promise<void> {
      this.commitSync(projection, checkpoint, writes);
    }

    override async reset(projections: readonly string[], collections: readonly string[]): Promise<void> {
      await super.reset(projections, collections);
      this.ids.dropped(collections);
    }

    documentsOf(collection: string): ReadDocument[] | undefined {
      return this.ids.documents(this, collection);
    }
  }
  return Tracking;
}

/** A MemoryReadStore that keeps its ids (the store a blue/green replay rebuilds into). */
export class TrackedMemoryReadStore extends TrackingIds(MemoryReadStore) {}
