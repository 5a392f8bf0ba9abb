// The operational store contracts run against the MongoDB adapters over a stand-in for the
// driver's Collection, built on mingo. This is NOT MongoDB: it checks the adapters' own logic
// (mapping, the sequence, limits, the claim's collision path and its retry) with the filters and
// updates evaluated as MongoDB documents them; the stand-in's upsert, unique _id and duplicate
// key errors are written here from the documentation. What only a server shows (the planner,
// partial and TTL indexes, concurrency inside the server, write concerns) is left to
// test/integration/mongodb-operational.int-spec.ts, which runs the same contracts for real.
import { describe, expect, it } from '@jest/globals';
import { find, updateMany } from 'mingo';
import { type Db, type Document, MongoBulkWriteError, MongoServerError } from 'mongodb';
import { checkpointStoreContract } from '../../../../test/contract/checkpoint-store.contract.js';
import { deliveryStoreContract } from '../../../../test/contract/delivery-store.contract.js';
import { idempotencyStoreContract } from '../../../../test/contract/idempotency-store.contract.js';
import { apply, upsertBase } from '../../../../test/support/fake-mongo.js';
import { MongoCheckpointStore, MongoDeliveryStore, MongoIdempotencyStore } from './index.js';

type Doc = Record<string, unknown> & { _id?: unknown };
type Sort = Record<string, 1 | -1>;
type UpdateSpec = Document | Document[];

const copy = <T>(value: T): T => structuredClone(value);
// Every call yields first, as I/O would, so that concurrent calls interleave between operations;
// each operation itself is atomic, as a single-document write is on a server.
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const duplicateKey = (id: unknown) =>
  new MongoServerError({ message: `E11000 duplicate key error index: _id_ dup key: { _id: ${JSON.stringify(id)} }`, code: 11000 });

class StandInCollection {
  readonly docs: Doc[] = [];
  readonly indexes: Document[] = [];

  async createIndexes(specs: Document[]): Promise<string[]> {
    await turn();
    for (const spec of specs) if (!this.indexes.some((i) => i.name === spec.name)) this.indexes.push(copy(spec));
    return specs.map((s) => s.name as string);
  }

  private matching(filter: Document, sort?: Sort): Doc[] {
    const cursor = find(this.docs, filter as never);
    return (sort ? cursor.sort(sort) : cursor).all() as Doc[];
  }

  async findOne(filter: Document, options: { sort?: Sort } = {}): Promise<Doc | null> {
    await turn();
    const first = this.matching(filter, options.sort)[0];
    return first ? copy(first) : null;
  }

  find(filter: Document) {
    let sort: Sort | undefined;
    let limit = 0;
    const cursor = {
      sort: (s: Sort) => ((sort = s), cursor),
      limit: (n: number) => ((limit = n), cursor),
      toArray: async () => {
        await turn();
        const all = this.matching(filter, sort).map(copy);
        return limit > 0 ? all.slice(0, limit) : all; // the driver's limit(0) is "no limit"
      },
    };
    return cursor;
  }

  async insertMany(docs: Doc[], options: { ordered?: boolean } = {}): Promise<{ insertedCount: number }> {
    await turn();
    const writeErrors: Document[] = [];
    let insertedCount = 0;
    for (const [index, doc] of docs.entries()) {
      if (this.docs.some((d) => d._id === doc._id)) {
        writeErrors.push({ index, code: 11000, errmsg: duplicateKey(doc._id).message });
        if (options.ordered !== false) break;
      } else {
        this.docs.push(copy(doc));
        insertedCount++;
      }
    }
    if (writeErrors.length)
      throw new MongoBulkWriteError({ message: 'E11000', code: 11000, writeErrors: writeErrors as never }, {
        insertedCount,
        getWriteConcernError: () => undefined,
      } as never);
    return { insertedCount };
  }

  private upsertOne(filter: Document, spec: UpdateSpec, upsert: boolean): { doc?: Doc; matched: number; upserted: number } {
    const target = this.matching(filter)[0];
    if (target) {
      apply(target, spec);
      return { doc: target, matched: 1, upserted: 0 };
    }
    if (!upsert) return { matched: 0, upserted: 0 };
    const doc = upsertBase(filter);
    apply(doc, spec);
    if (this.docs.some((d) => d._id === doc._id)) throw duplicateKey(doc._id);
    this.docs.push(doc);
    return { doc, matched: 0, upserted: 1 };
  }

  async updateOne(filter: Document, spec: UpdateSpec, options: { upsert?: boolean } = {}) {
    await turn();
    const { matched, upserted } = this.upsertOne(filter, spec, options.upsert === true);
    return { matchedCount: matched, modifiedCount: matched, upsertedCount: upserted };
  }

  async findOneAndUpdate(filter: Document, spec: UpdateSpec, options: { upsert?: boolean; returnDocument?: 'before' | 'after' } = {}) {
    await turn();
    if (options.returnDocument !== 'after') throw new Error('the stand-in only answers the document after the update');
    const { doc } = this.upsertOne(filter, spec, options.upsert === true);
    return doc ? copy(doc) : null;
  }

  async updateMany(filter: Document, spec: UpdateSpec) {
    await turn();
    return updateMany(this.docs, filter as never, spec as never);
  }

  async deleteOne(filter: Document) {
    await turn();
    const target = this.matching(filter)[0];
    if (target) this.docs.splice(this.docs.indexOf(target), 1);
    return { deletedCount: target ? 1 : 0 };
  }
}

function standInDb(): { db: Db; collections: Map<string, StandInCollection> } {
  const collections = new Map<string, StandInCollection>();
  const collection = (name: string) => collections.get(name) ?? collections.set(name, new StandInCollection()).get(name)!;
  return { db: { collection } as unknown as Db, collections };
}

async function ready<S extends { ensureIndexes(): Promise<void> }>(store: S): Promise<S> {
  await store.ensureIndexes();
  await store.ensureIndexes(); // idempotent
  return store;
}

checkpointStoreContract('MongoDB adapter on a mingo stand-in', async () => ready(new MongoCheckpointStore(standInDb().db)), { forwardOnly: true });
deliveryStoreContract('MongoDB adapter on a mingo stand-in', async () => ready(new MongoDeliveryStore(standInDb().db)));
idempotencyStoreContract('MongoDB adapter on a mingo stand-in', async () => ready(new MongoIdempotencyStore(standInDb().db)));

describe('the MongoDB adapters write where they are told, in the documented shapes', () => {
  it('use the default collection names, and the given ones', async () => {
    const { db, collections } = standInDb();
    await new MongoCheckpointStore(db).set('cascade', '42');
    await new MongoDeliveryStore(db).add([
      { deliveryId: 'msg_1', webhookId: 'wh', partnerId: 'p', eventId: 'e', eventType: 't', orderingKey: 'k', payload: '{}', createdAt: 'T' },
    ]);
    const claim = { scope: 's', key: 'k', fingerprint: 'f', owner: 'o', now: new Date(0), lockedUntil: new Date(1), expiresAt: new Date(2) };
    await new MongoIdempotencyStore(db).claim(claim);
    await new MongoCheckpointStore(db, { collection: 'my_checkpoints' }).set('x', '1');
    expect([...collections.keys()].sort()).toEqual(['idempotency_keys', 'my_checkpoints', 'operational_counters', 'process_checkpoints', 'webhook_deliveries']);
    expect(collections.get('process_checkpoints')!.docs).toEqual([{ _id: 'cascade', value: '42', order: '00000000000000000042' }]);
    expect(collections.get('operational_counters')!.docs).toEqual([{ _id: 'webhook_deliveries', value: 1 }]);
    expect(collections.get('webhook_deliveries')!.docs[0]).toMatchObject({ _id: 'msg_1', seq: 1, status: 'PENDING' });
    expect(collections.get('idempotency_keys')!.docs[0]).toMatchObject({ _id: '["s","k"]', state: 'IN_PROGRESS', owner: 'o' });
  });

  it('let an unexpected write error through', async () => {
    const { db, collections } = standInDb();
    collections.set(
      'webhook_deliveries',
      Object.assign(new StandInCollection(), { insertMany: async () => Promise.reject(new MongoServerError({ message: 'not primary', code: 10107 })) }),
    );
    const store = new MongoDeliveryStore(db);
    const d = { deliveryId: 'm', webhookId: 'w', partnerId: 'p', eventId: 'e', eventType: 't', orderingKey: 'k', payload: '{}', createdAt: 'T' };
    await expect(store.add([d])).rejects.toThrow('not primary');
  });
});
