// The processes' checkpoints on MongoDB: one document per process, `_id` = its name, holding the
// value as the string it was given (a log position past 2^53, or an ISO time), like SQLite's
// TEXT column. The set is an upsert on an `_id` equality, which the server retries itself when
// two first writes of a name race, so it never fails with a duplicate key.
//
// Forward only, unlike SQLite's: here several projector processes may write (one holds the lease,
// a paused former holder may wake up), and a late write must not move a process back over work
// the new holder did. Each document keeps `order`, a key that sorts as the values do (positions
// zero-padded to 20 digits, ISO times as they are), and a set changes the value only when its key
// is larger ($max on `order`). Every set also runs through the store's FencedWrites: in
// production it counts only while this process holds the projector lease.
import type { Collection, Db, Document } from 'mongodb';
import type { CheckpointStore } from '../checkpoints.js';
import { type FencedWrites, inSession, UNFENCED } from './fenced-writes.js';

export interface CheckpointDocument {
  _id: string;
  value: string;
  order?: string;
}

export interface MongoCheckpointStoreOptions {
  /**
   * Default: process_checkpoints (the SQLite table's name). Not the read store's `_checkpoints`:
   * those are projections' positions, written in their commits' transactions.
   */
  collection?: string;
  /** Production: every set in a transaction that checks the projector lease. */
  fenced?: FencedWrites;
}

/** Sorts as the values do: a log position (digits) zero-padded to the 20 digits of 2^64 - 1, anything else (ISO times) as it is. */
export const orderKey = (value: string): string => (/^\d{1,20}$/.test(value) ? value.padStart(20, '0') : value);

const literal = (value: unknown) => ({ $literal: value });

/** A pipeline update: the value moves only to a larger key; the first set of a name (no `order` yet) always lands. */
export function checkpointWrite(name: string, value: string): { filter: { _id: string }; update: Document[] } {
  const key = orderKey(value);
  const unset = { $eq: [{ $ifNull: ['$order', true] }, true] };
  const forward = { $or: [unset, { $lt: ['$order', literal(key)] }] };
  return {
    filter: { _id: name },
    update: [{ $set: { value: { $cond: [forward, literal(value), '$value'] }, order: { $cond: [forward, literal(key), '$order'] } } }],
  };
}

export class MongoCheckpointStore implements CheckpointStore {
  private readonly checkpoints: Collection<CheckpointDocument>;
  private readonly fenced: FencedWrites;

  constructor(db: Db, options: MongoCheckpointStoreOptions = {}) {
    this.checkpoints = db.collection<CheckpointDocument>(options.collection ?? 'process_checkpoints');
    this.fenced = options.fenced ?? UNFENCED;
  }

  /** Nothing beyond the unique `_id` index every collection has; kept for the stores' common shape. */
  async ensureIndexes(): Promise<void> {}

  async get(name: string): Promise<string | undefined> {
    return (await this.checkpoints.findOne({ _id: name }))?.value;
  }

  async set(name: string, value: string): Promise<void> {
    const { filter, update } = checkpointWrite(name, value);
    await this.fenced((session) => this.checkpoints.updateOne(filter, update, inSession(session, { upsert: true })));
  }
}
