// Webhook deliveries on MongoDB, with the semantics of the SQLite store (see delivery-documents.ts
// for the stored form and the order). Every write is one document, or one updateMany whose
// documents are independent, so unfenced a standalone server serves it too.
//
// Fenced (production, several projector processes): what changes a delivery's state runs through
// the store's FencedWrites, so it counts only while this process holds the projector lease: the
// claim before a send, the attempt's outcome, the cancellation. `add` is not fenced: its ids are
// the notification ids, the same from whichever process reads the same events, and an id already
// there is ignored, so a late add of a former holder stores nothing the holder would not.
import type { Collection, Db } from 'mongodb';
import type { AttemptOutcome, Delivery, DeliveryStore, DueQuery, NewDelivery } from '../deliveries.js';
import {
  type CounterDocument,
  type DeliveryDocument,
  firstOfEachId,
  firstReserved,
  fromDeliveryDocument,
  reserveSequence,
  toDeliveryDocument,
} from './delivery-documents.js';
import { DELIVERY_INDEXES, DUE_SORT, dueFilter, LIST_SORT, listFilter, NEXT_DUE_SORT, nextDueFilter } from './delivery-queries.js';
import { attemptWrite, cancelWrite, claimWrite } from './delivery-writes.js';
import { insertedDespiteDuplicates, isDuplicateKey } from './duplicate-keys.js';
import { type FencedWrites, inSession, UNFENCED } from './fenced-writes.js';

export interface MongoDeliveryStoreOptions {
  /** Default: webhook_deliveries (the SQLite table's name). */
  collection?: string;
  /** Where the sequence counter lives. Default: operational_counters. */
  counters?: string;
  /** Production: state writes in a transaction that checks the projector lease. */
  fenced?: FencedWrites;
}

export class MongoDeliveryStore implements DeliveryStore {
  private readonly deliveries: Collection<DeliveryDocument>;
  private readonly counters: Collection<CounterDocument>;
  /** The counter document's id: one sequence per deliveries collection. */
  private readonly sequence: string;
  private readonly fenced: FencedWrites;

  constructor(db: Db, options: MongoDeliveryStoreOptions = {}) {
    this.fenced = options.fenced ?? UNFENCED;
    this.sequence = options.collection ?? 'webhook_deliveries';
    this.deliveries = db.collection<DeliveryDocument>(this.sequence);
    this.counters = db.collection<CounterDocument>(options.counters ?? 'operational_counters');
  }

  /** Idempotent: creating an index that exists with the same name, key and options does nothing. */
  async ensureIndexes(): Promise<void> {
    await this.deliveries.createIndexes([...DELIVERY_INDEXES]);
  }

  async add(deliveries: readonly NewDelivery[]): Promise<number> {
    const batch = firstOfEachId(deliveries);
    if (batch.length === 0) return 0;
    const first = firstReserved(await this.reserve(batch.length), batch.length);
    try {
      // Unordered: the new ones are inserted even when some ids are already there.
      const result = await this.deliveries.insertMany(
        batch.map((d, i) => toDeliveryDocument(d, first + i)),
        { ordered: false },
      );
      return result.insertedCount;
    } catch (error) {
      const inserted = insertedDespiteDuplicates(error);
      if (inserted === undefined) throw error;
      return inserted;
    }
  }

  /** The counter's value after adding `count`. */
  private async reserve(count: number): Promise<number> {
    const { filter, update } = reserveSequence(this.sequence, count);
    const upsert = () => this.counters.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after' });
    // Two first reservations may race to create the counter: the loser's $inc applies on a retry
    // (recent servers retry such an upsert themselves, an _id equality filter being safe to retry).
    const counter = await upsert().catch((error: unknown) => (isDuplicateKey(error) ? upsert() : Promise.reject(error)));
    if (!counter) throw new Error(`the sequence counter ${this.sequence} returned no document`);
    return counter.value;
  }

  async due(query: DueQuery): Promise<Delivery[]> {
    // MongoDB reads limit 0 as "no limit"; SQLite's LIMIT 0 is no rows.
    if (query.limit <= 0) return [];
    const docs = await this.deliveries.find(dueFilter(query)).sort(DUE_SORT).limit(query.limit).toArray();
    return docs.map(fromDeliveryDocument);
  }

  async nextDueAfter(now: string): Promise<string | undefined> {
    const doc = await this.deliveries.findOne(nextDueFilter(now), { sort: NEXT_DUE_SORT, projection: { nextAttemptAt: 1 } });
    return doc?.nextAttemptAt ?? undefined;
  }

  async claim(delivery: Delivery): Promise<boolean> {
    const { filter, update } = claimWrite(delivery);
    return this.fenced(async (session) => (await this.deliveries.updateOne(filter, update, inSession(session, {}))).matchedCount === 1);
  }

  async recordAttempt(outcome: AttemptOutcome): Promise<void> {
    const { filter, update } = attemptWrite(outcome);
    await this.fenced((session) => this.deliveries.updateOne(filter, update, inSession(session, {})));
  }

  async cancelPending(webhookId: string, reason: string): Promise<number> {
    const { filter, update } = cancelWrite(webhookId, reason);
    return this.fenced(async (session) => (await this.deliveries.updateMany(filter, update, inSession(session, {}))).modifiedCount);
  }

  async list(webhookId: string, limit: number): Promise<Delivery[]> {
    if (limit <= 0) return [];
    const docs = await this.deliveries.find(listFilter(webhookId)).sort(LIST_SORT).limit(limit).toArray();
    return docs.map(fromDeliveryDocument);
  }
}
