// Idempotency-Key records on MongoDB, with the semantics of the SQLite store. A claim is one
// guarded upsert (see idempotency-documents.ts for why it is atomic); expired records are
// removed by a TTL index instead of SQLite's lazy purge, and ignored by every read until then.
// Each call is one single-document write: no transaction, so a standalone server serves it too.
// Writes use the Db's write concern: give it `w: 'majority'` on a replica set so that an answer a
// client has read survives a failover.
import type { Collection, Db } from 'mongodb';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore, IdempotentAnswer } from '../idempotency.js';
import { isDuplicateKey } from './duplicate-keys.js';
import type { IdempotencyDocument } from './idempotency-documents.js';
import { claimFilter, claimUpdate, completeUpdate, IDEMPOTENCY_INDEXES, idempotencyId, liveRecord, ownedClaimFilter } from './idempotency-documents.js';

export interface MongoIdempotencyStoreOptions {
  /** Default: idempotency_keys (the SQLite table's name). */
  collection?: string;
}

/**
 * A claim that collided with a record which was gone (released, lapsed) by the time it was read
 * is tried again; each try means another request changed the key in between, so a few suffice.
 */
const CLAIM_TRIES = 8;

export class MongoIdempotencyStore implements IdempotencyStore {
  private readonly keys: Collection<IdempotencyDocument>;

  constructor(db: Db, options: MongoIdempotencyStoreOptions = {}) {
    this.keys = db.collection<IdempotencyDocument>(options.collection ?? 'idempotency_keys');
  }

  /** Idempotent: creating an index that exists with the same name, key and options does nothing. */
  async ensureIndexes(): Promise<void> {
    await this.keys.createIndexes([...IDEMPOTENCY_INDEXES]);
  }

  async get(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    return liveRecord(await this.keys.findOne({ _id: idempotencyId(scope, key) }), now);
  }

  async claim(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    const filter = claimFilter(claim);
    const update = claimUpdate(claim);
    for (let tries = 1; ; tries++) {
      try {
        await this.keys.updateOne(filter, update, { upsert: true });
        return undefined;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // Held: the record that made the upsert collide, unless it changed since.
      const held = liveRecord(await this.keys.findOne({ _id: idempotencyId(claim.scope, claim.key) }), claim.now);
      if (held) return held;
      if (tries >= CLAIM_TRIES) throw new Error(`idempotency key claim gave up after ${tries} tries: the key keeps changing hands`);
    }
  }

  async complete(scope: string, key: string, owner: string, answer: IdempotentAnswer, expiresAt: Date): Promise<void> {
    await this.keys.updateOne(ownedClaimFilter(scope, key, owner), completeUpdate(answer, expiresAt));
  }

  async release(scope: string, key: string, owner: string): Promise<void> {
    await this.keys.deleteOne(ownedClaimFilter(scope, key, owner));
  }
}
