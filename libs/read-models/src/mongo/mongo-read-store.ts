// The production read store on MongoDB. Queries are the very MongoDB documents the queries in
// ../queries build, run natively. A commit writes a batch's documents (guarded by the position
// each has applied, see writes.ts), the projection's checkpoint and, when fenced, the lease check
// in ONE multi-document transaction, so MongoDB must run as a replica set (a single-node replica
// set is enough; a standalone server refuses transactions).
import { type ClientSession, type Db, type IndexDescription, MongoClient, type TransactionOptions } from 'mongodb';
import { COLLECTIONS } from '../collections.js';
import type { CollectionSpec, DocumentWrite, Filter, FindQuery, ReadDocument, ReadStore } from '../port.js';
import { checkFence, type Fence, LEASES } from './lease.js';
import { alreadyAppliedIndex, CHECKPOINTS, checkpointWrite, decodePosition, fromStoredDocument, planBulkWrites, type StoredDocument } from './writes.js';

export interface MongoReadStoreOptions {
  /** A replica set's connection string; the store then owns the client and closes it. */
  url?: string;
  /** A client the caller owns. */
  client?: MongoClient;
  database: string;
  /** The fence a projection's commits must carry (from a LeaseKeeper); undefined: not fenced. */
  fence?: (projection: string) => Fence | undefined;
}

const TRANSACTION: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/** How many times a commit is tried again after a transient transaction error, beyond the driver's own retries. */
const TRANSIENT_RETRIES = 5;
const RETRYABLE_LABELS = ['TransientTransactionError', 'UnknownTransactionCommitResult'];

/** A transaction the server could not finish, safe to run again (the driver's error labels). */
export function isRetryableTransactionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { hasErrorLabel?: (label: string) => boolean; errorLabels?: readonly string[] };
  return RETRYABLE_LABELS.some((label) => (typeof e.hasErrorLabel === 'function' ? e.hasErrorLabel(label) : (e.errorLabels?.includes(label) ?? false)));
}

interface CheckpointDocument {
  _id: string;
  position: string;
}

/** Thrown out of the transaction (aborting it) when a guarded upsert met a document at its position or later. */
class AlreadyApplied extends Error {
  constructor(readonly key: string) {
    super(`already applied: ${key}`);
  }
}

// The indexes ensureCollections creates: one per field a spec names (tenant equality; due-time
// ranges, with _id), and the compound indexes the pages' queries (../queries) filter and sort on.
// Every sort ends on _id, so the compound keys do too; an index serves its key's sort and the
// exact reverse, so one per sort field is enough. A single-field index whose field leads a
// compound one is left out: the compound index serves its lookups.
type Key = Record<string, 1 | -1>;

export const QUERY_INDEXES: Readonly<Record<string, readonly Key[]>> = {
  [COLLECTIONS.authorizations.name]: [
    // Seller management page: the partner's rows under each sort (-updatedAt is the default)
    { partnerId: 1, updatedAt: -1, _id: -1 },
    { partnerId: 1, grantedAt: -1, _id: -1 },
    { partnerId: 1, expiresAt: 1, _id: 1 }, // also "expiring within" ranges and bulk renewal ids
    // its counts by status (status filters pair status with an expiresAt bound)
    { partnerId: 1, status: 1, expiresAt: 1 },
    // the seller's my service page
    { sellerId: 1, updatedAt: -1, _id: -1 },
    // active authorizations per service on the partner's services page
    { serviceId: 1, status: 1, expiresAt: 1 },
  ],
  [COLLECTIONS.services.name]: [{ partnerId: 1, publishedAt: -1, _id: -1 }],
  [COLLECTIONS.proposals.name]: [
    { partnerId: 1, createdAt: -1, _id: -1 },
    { sellerId: 1, createdAt: -1, _id: -1 },
  ],
};

export function indexesFor(spec: CollectionSpec): IndexDescription[] {
  const compound = QUERY_INDEXES[spec.name] ?? [];
  const leading = new Set(compound.map((key) => Object.keys(key)[0]));
  const ordered = new Set(spec.orderedIndexes ?? []);
  const fields = [...new Set([...spec.equalityIndexes, ...ordered])].filter((field) => !leading.has(field));
  // Due times are read as "due by now, oldest first, a batch at a time": {field: 1, _id: 1}
  // serves that range, its sort (which ends on _id like every sort here) and the limit.
  const single = fields.map((field) => ({ key: (ordered.has(field) ? { [field]: 1, _id: 1 } : { [field]: 1 }) as Key }));
  return [...single, ...compound.map((key) => ({ key }))];
}

export class MongoReadStore implements ReadStore {
  readonly client: MongoClient;
  readonly db: Db;
  private readonly ownsClient: boolean;

  constructor(private readonly options: MongoReadStoreOptions) {
    if (options.client) this.client = options.client;
    else if (options.url) this.client = new MongoClient(options.url, { ignoreUndefined: true });
    else throw new Error('MongoReadStore needs a url or a client');
    this.ownsClient = !options.client;
    this.db = this.client.db(options.database);
  }

  async ensureCollections(specs: readonly CollectionSpec[]): Promise<void> {
    const existing = new Set((await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    // Created up front: a transaction may not be able to create a collection implicitly.
    for (const name of [...specs.map((s) => s.name), CHECKPOINTS, LEASES]) {
      if (!existing.has(name)) await this.db.createCollection(name).catch(ignoreNamespaceExists);
    }
    for (const spec of specs) {
      const indexes = indexesFor(spec);
      if (indexes.length) await this.db.collection(spec.name).createIndexes(indexes);
    }
  }

  async load(collection: string, ids: readonly string[]): Promise<Map<string, ReadDocument>> {
    const out = new Map<string, ReadDocument>();
    if (ids.length === 0) return out;
    const docs = await this.db
      .collection<StoredDocument>(collection)
      .find({ _id: { $in: [...new Set(ids)] } })
      .toArray();
    for (const doc of docs) out.set(doc._id, fromStoredDocument(doc));
    return out;
  }

  // Retried as a whole: a document met at its position or later (AlreadyApplied: left out on the
  // next try), and a transaction the server could not finish (a stepdown or a write conflict mid-
  // transaction: TransientTransactionError; a commit whose answer was lost, which may have been
  // applied: UnknownTransactionCommitResult). The driver's withTransaction retries those itself
  // for a while; this outer loop covers what it gives up on, and a retry can apply nothing twice
  // because every document is guarded by the position it applied and the checkpoint only grows.
  async commit(projection: string, checkpoint: bigint, writes: readonly DocumentWrite[]): Promise<void> {
    const applied = new Set<string>();
    for (let transient = 0; ;) {
      try {
        await this.client.withSession((session) => session.withTransaction(() => this.commitIn(session, projection, checkpoint, writes, applied), TRANSACTION));
        return;
      } catch (error) {
        if (isRetryableTransactionError(error) && transient < TRANSIENT_RETRIES) {
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** transient++));
          continue;
        }
        // Each retry leaves out one more document; a batch has finitely many.
        if (!(error instanceof AlreadyApplied) || applied.has(error.key)) throw error;
        applied.add(error.key);
      }
    }
  }

  private async commitIn(
    session: ClientSession,
    projection: string,
    checkpoint: bigint,
    writes: readonly DocumentWrite[],
    applied: ReadonlySet<string>,
  ): Promise<void> {
    const fence = this.options.fence?.(projection);
    if (fence) await checkFence(this.db, fence, session);
    for (const plan of planBulkWrites(writes, checkpoint, applied)) {
      try {
        await this.db.collection<StoredDocument>(plan.collection).bulkWrite(plan.operations, { session, ordered: true });
      } catch (error) {
        const index = alreadyAppliedIndex(error);
        if (index === undefined) throw error;
        throw new AlreadyApplied(plan.keys[index]!);
      }
    }
    const { filter, update } = checkpointWrite(projection, checkpoint);
    await this.db.collection<CheckpointDocument>(CHECKPOINTS).updateOne(filter, update, { upsert: true, session });
  }

  async checkpoint(projection: string): Promise<bigint> {
    const doc = await this.db.collection<CheckpointDocument>(CHECKPOINTS).findOne({ _id: projection });
    return doc ? decodePosition(doc.position) : 0n;
  }

  async find<D = ReadDocument>(collection: string, query: FindQuery): Promise<D[]> {
    const docs = await this.db.collection(collection).find(query.filter, findOptions(query)).toArray();
    return docs.map((doc) => fromStoredDocument<D>(doc));
  }

  async count(collection: string, filter: Filter): Promise<number> {
    return this.db.collection(collection).countDocuments(filter);
  }

  async *scan<D = ReadDocument>(collection: string, query: FindQuery, pageSize = 1_000): AsyncIterable<D[]> {
    const cursor = this.db.collection(collection).find(query.filter, { ...findOptions(query), batchSize: pageSize });
    try {
      let page: D[] = [];
      for await (const doc of cursor) {
        page.push(fromStoredDocument<D>(doc));
        if (page.length >= pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length) yield page;
    } finally {
      await cursor.close();
    }
  }

  async reset(projections: readonly string[], collections: readonly string[]): Promise<void> {
    for (const name of collections) await this.db.collection(name).deleteMany({});
    if (projections.length) await this.db.collection<CheckpointDocument>(CHECKPOINTS).deleteMany({ _id: { $in: [...projections] } });
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}

function findOptions(query: FindQuery) {
  return {
    ...(query.sort && { sort: query.sort }),
    ...(query.skip && { skip: query.skip }),
    ...(query.limit !== undefined && { limit: query.limit }),
  };
}

function ignoreNamespaceExists(error: unknown): void {
  if ((error as { code?: number }).code !== 48) throw error;
}
