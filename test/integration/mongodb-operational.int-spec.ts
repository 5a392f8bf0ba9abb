// The operational store contracts (checkpoints, webhook deliveries, Idempotency-Key records)
// against a real MongoDB, plus what only a server can show: the indexes as created, the plans
// that use them, the stored encoding, and races between separate clients. Runs only with
// MONGODB_URL set. These stores use no transactions, so a standalone server will do as well as
// a replica set. Each run works in a database of its own and drops it at the end; each store in
// it gets collections of its own, since due() and nextDueAfter() look at a whole collection.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Db, MongoClient } from 'mongodb';
import { MongoCheckpointStore, MongoDeliveryStore, MongoIdempotencyStore } from '#libs/operational/mongo';
import { dueFilter, DUE_SORT, nextDueFilter, NEXT_DUE_SORT } from '../../libs/operational/src/mongo/delivery-queries.js';
import { checkpointStoreContract } from '../contract/checkpoint-store.contract.js';
import { deliveryStoreContract } from '../contract/delivery-store.contract.js';
import { idempotencyStoreContract } from '../contract/idempotency-store.contract.js';

const url = process.env.MONGODB_URL;

if (!url) {
  describe.skip('MongoDB operational stores (skipped: set MONGODB_URL, e.g. mongodb://localhost:27017/tsp_it?directConnection=true)', () => {
    it('runs the checkpoint, delivery and idempotency store contracts against MongoDB', () => undefined);
  });
} else {
  const database = `tsp_ops_it_${randomUUID().slice(0, 8)}`;
  let client: MongoClient;
  const db = (): Db => client.db(database);
  const unique = () => randomUUID().slice(0, 8);
  const ready = async <S extends { ensureIndexes(): Promise<void> }>(store: S) => {
    await store.ensureIndexes();
    return store;
  };
  const deliveryStore = (on: Db = db(), name = unique()) => new MongoDeliveryStore(on, { collection: `deliveries_${name}`, counters: `counters_${name}` });

  beforeAll(async () => {
    client = await new MongoClient(url).connect();
  });
  afterAll(async () => {
    await client.db(database).dropDatabase();
    await client.close();
  });

  checkpointStoreContract('MongoDB', async () => ready(new MongoCheckpointStore(db(), { collection: `checkpoints_${unique()}` })), { forwardOnly: true });
  deliveryStoreContract('MongoDB', async () => ready(deliveryStore()));
  idempotencyStoreContract('MongoDB', async () => ready(new MongoIdempotencyStore(db(), { collection: `idempotency_${unique()}` })));

  describe('MongoDB operational specifics', () => {
    const delivery = (id: string, webhookId = 'wh_a') => ({
      deliveryId: id,
      webhookId,
      partnerId: 'p',
      eventId: `ev-${id}`,
      eventType: 'AUTHORIZATION_GRANTED',
      orderingKey: `${webhookId}/${id}`,
      payload: '{}',
      createdAt: '2026-03-01T10:00:00.000Z',
    });

    it('creates the deliveries indexes idempotently: partial due indexes, the webhook history index', async () => {
      const name = unique();
      const store = deliveryStore(db(), name);
      await store.ensureIndexes();
      await store.ensureIndexes();
      const indexes = await db().collection(`deliveries_${name}`).listIndexes().toArray();
      expect(indexes.find((i) => i.name === 'pending_seq_next')).toMatchObject({
        key: { seq: 1, nextAttemptAt: 1 },
        partialFilterExpression: { status: 'PENDING' },
      });
      expect(indexes.find((i) => i.name === 'pending_next')).toMatchObject({ key: { nextAttemptAt: 1 }, partialFilterExpression: { status: 'PENDING' } });
      expect(indexes.find((i) => i.name === 'webhook_seq')).toMatchObject({ key: { webhookId: 1, seq: -1 } });
    });

    it('answers due() and nextDueAfter() from an index, not a collection scan', async () => {
      const name = unique();
      const store = await ready(deliveryStore(db(), name));
      await store.add(Array.from({ length: 50 }, (_, i) => delivery(`m${i}`, i % 2 ? 'wh_a' : 'wh_b')));
      const deliveries = db().collection(`deliveries_${name}`);
      const query = { now: '2026-03-01T10:00:00.000Z', limit: 10, excludeWebhooks: ['wh_b'], excludeKeys: [] };
      const plans = [
        JSON.stringify(
          await deliveries
            .find(dueFilter(query) as never)
            .sort(DUE_SORT)
            .limit(10)
            .explain('queryPlanner'),
        ),
        JSON.stringify(
          await deliveries
            .find(nextDueFilter('2026-03-01T09:00:00.000Z') as never)
            .sort(NEXT_DUE_SORT)
            .limit(1)
            .explain('queryPlanner'),
        ),
      ];
      for (const plan of plans) {
        expect(plan).toContain('IXSCAN');
        expect(plan).not.toContain('COLLSCAN');
      }
    });

    it('creates the TTL index on expiresAt, idempotently, and stores expiresAt as a BSON date', async () => {
      const collection = `idempotency_${unique()}`;
      const store = await ready(new MongoIdempotencyStore(db(), { collection }));
      await store.ensureIndexes();
      const ttl = (await db().collection(collection).listIndexes().toArray()).find((i) => i.name === 'expires_ttl');
      expect(ttl).toMatchObject({ key: { expiresAt: 1 }, expireAfterSeconds: 0 });
      const now = new Date(Date.now() + 86_400_000);
      await store.claim({
        scope: 's',
        key: 'k',
        fingerprint: 'f',
        owner: 'o',
        now,
        lockedUntil: new Date(now.getTime() + 30_000),
        expiresAt: new Date(now.getTime() + 86_400_000),
      });
      const raw = await db().collection(collection).findOne({});
      expect(raw).toMatchObject({ _id: '["s","k"]', state: 'IN_PROGRESS', owner: 'o' });
      expect(Object.prototype.toString.call(raw!.expiresAt)).toBe('[object Date]');
    });

    it('numbers concurrent adds from separate clients uniquely, and stores each delivery once', async () => {
      const name = unique();
      const clients = await Promise.all([1, 2, 3].map(() => new MongoClient(url).connect()));
      try {
        const stores = await Promise.all(clients.map((c) => ready(deliveryStore(c.db(database), name))));
        const batch = Array.from({ length: 20 }, (_, i) => delivery(`c${i}`));
        const counts = await Promise.all(stores.flatMap((s) => [s.add(batch), s.add(batch.slice(5))]));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
        const seqs = (await db().collection(`deliveries_${name}`).find({}).toArray()).map((d) => d.seq as number);
        expect(seqs).toHaveLength(20);
        expect(new Set(seqs).size).toBe(20);
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });

    it('gives a key to exactly one claim among separate clients racing for it', async () => {
      const collection = `idempotency_${unique()}`;
      const clients = await Promise.all([1, 2, 3, 4].map(() => new MongoClient(url).connect()));
      try {
        const stores = await Promise.all(clients.map((c) => ready(new MongoIdempotencyStore(c.db(database), { collection }))));
        const now = new Date(Date.now() + 86_400_000);
        const claim = (owner: string) => ({
          scope: 's',
          key: 'race',
          fingerprint: owner,
          owner,
          now,
          lockedUntil: new Date(now.getTime() + 30_000),
          expiresAt: new Date(now.getTime() + 86_400_000),
        });
        const outcomes = await Promise.all(stores.flatMap((s, i) => Array.from({ length: 5 }, (_, j) => s.claim(claim(`o-${i}-${j}`)))));
        const winners = outcomes.filter((o) => o === undefined);
        expect(winners).toHaveLength(1);
        const held = outcomes.filter((o) => o !== undefined);
        expect(new Set(held.map((o) => o!.fingerprint)).size).toBe(1);
        expect(held[0]).toMatchObject({ state: 'IN_PROGRESS' });
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    });
  });
}
