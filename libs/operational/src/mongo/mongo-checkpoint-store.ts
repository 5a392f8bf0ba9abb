// The processes' checkpoints on MongoDB: one document per process, `_id` = its name, holding the
// value as the string it was given (a log position past 2^53, or an ISO time), like SQLite's
// TEXT column. The set is an upsert on an `_id` equality, which the server retries itself when
// two first writes of a name race, so it never fails with a duplicate key.
import type { Collection, Db } from 'mongodb';
import type { CheckpointStore } from '../checkpoints.js';

export interface CheckpointDocument {
  _id: string;
  value: string;
}

export interface MongoCheckpointStoreOptions {
  /**
   * Default: process_checkpoints (the SQLite table's name). Not the read store's `_checkpoints`:
   * those are projections' positions, written in their commits' transactions.
   */
  collection?: string;
}

export const checkpointWrite = (name: string, value: string) => ({ filter: { _id: name }, update: { $set: { value } } });

export class MongoCheckpointStore implements CheckpointStore {
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(db: Db, options: MongoCheckpointStoreOptions = {}) {
    this.checkpoints = db.collection<CheckpointDocument>(options.collection ?? 'process_checkpoints');
  }

  /** Nothing beyond the unique `_id` index every collection has; kept for the stores' common shape. */
  async ensureIndexes(): Promise<void> {}

  async get(name: string): Promise<string | undefined> {
    return (await this.checkpoints.findOne({ _id: name }))?.value;
  }

  async set(name: string, value: string): Promise<void> {
    const { filter, update } = checkpointWrite(name, value);
    await this.checkpoints.updateOne(filter, update, { upsert: true });
  }
}
