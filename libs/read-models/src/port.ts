// The read-store port. Queries are MongoDB documents (filter, sort, page), written once: MongoDB
// runs them natively, the embedded adapter evaluates them in process with mingo after narrowing
// through its indexes. Documents carry `_id` and `_position`, the log position they have applied.
export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

export interface FindQuery {
  filter: Filter;
  sort?: Sort;
  skip?: number;
  limit?: number;
}

export interface ReadDocument {
  _id: string;
  _position: bigint;
  [field: string]: unknown;
}

export interface DocumentWrite {
  collection: string;
  id: string;
  /** null deletes the document. */
  document: ReadDocument | null;
}

export interface CollectionSpec {
  name: string;
  /** Fields queried by equality: tenants (partnerId, sellerId, serviceId). */
  equalityIndexes: readonly string[];
  /** Fields queried by range and sorted on (due times). */
  orderedIndexes?: readonly string[];
}

export interface ReadStore {
  /** Creates collections and their indexes; idempotent. */
  ensureCollections(specs: readonly CollectionSpec[]): Promise<void>;
  load(collection: string, ids: readonly string[]): Promise<Map<string, ReadDocument>>;
  /**
   * Writes the documents of a batch, each only if it has not applied a later position already,
   * and the projection's checkpoint, all at once.
   */
  commit(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): Promise<void>;
  checkpoint(projection: string): Promise<bigint>;
  find<D = ReadDocument>(collection: string, query: FindQuery): Promise<D[]>;
  count(collection: string, filter: Filter): Promise<number>;
  /** Every matching document, a page at a time (exports). */
  scan<D = ReadDocument>(collection: string, query: FindQuery, pageSize?: number): AsyncIterable<D[]>;
  /** Drops every document and checkpoint of these projections' collections (replays). */
  reset(projections: readonly string[], collections: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export class UnindexedQueryError extends Error {
  constructor(collection: string, filter: Filter) {
    super(`query on ${collection} has no indexed equality or range to narrow by: ${JSON.stringify(filter)}`);
    this.name = 'UnindexedQueryError';
  }
}

/**
 * The synchronous paths of a store that needs no I/O (the memory store): a batch is loaded and
 * committed without an await, so a rebuild or a snapshot load does not pay one per projection.
 */
export interface SyncReadStore {
  loadSync(collection: string, ids: readonly string[]): Map<string, ReadDocument>;
  commitSync(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): void;
}

export function syncPathsOf(store: ReadStore): SyncReadStore | undefined {
  const s = store as Partial<SyncReadStore>;
  return typeof s.loadSync === 'function' && typeof s.commitSync === 'function' ? (store as unknown as SyncReadStore) : undefined;
}
