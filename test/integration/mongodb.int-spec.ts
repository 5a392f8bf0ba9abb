// The read store contract against a real MongoDB (a replica set: commits are transactions), plus
// what only a server can show: the indexes, the race of a guarded upsert with a newer document,
// the stored encoding, the lease and its fencing. Runs only with MONGODB_URL set. Each run works
// in a database of its own and drops it at the end.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { COLLECTIONS, PROJECTION_COLLECTIONS } from '#libs/read-models';
import { FencedOutError, LEASES, MongoLease, MongoReadStore } from '#libs/read-models/mongo';
import { readStoreContract } from '../contract/read-store.contract.js';

const url = process.env.MONGODB_URL;

if (!url) {
  describe.skip('MongoDB read store (skipped: set MONGODB_URL to a replica set, e.g. mongodb://localhost:27017/tsp_it?directConnection=true)', () => {
    it('runs the read store contract against MongoDB', () => undefined);
  });
} else {
  const database = `tsp_it_${randomUUID().slice(0, 8)}`;
  let admin: MongoClient;
  beforeAll(async () => {
    admin = await new MongoClient(url).connect();
  });
  afterAll(async () => {
    await admin.db(database).dropDatabase();
    await admin.close();
  });

  readStoreContract('MongoDB', async () => new MongoReadStore({ url, database }));

  describe('MongoDB specifics', () => {
    let store: MongoReadStore;
    beforeAll(async () => {
      store = new MongoReadStore({ client: admin, database });
      await store.ensureCollections(PROJECTION_COLLECTIONS);
    });

    it('creates the indexes the pages sort on, idempotently', async () => {
      await store.ensureCollections(PROJECTION_COLLECTIONS);
      const keys = (await store.db.collection(COLLECTIONS.authorizations.name).listIndexes().toArray()).map((i) => i.key);
      expect(keys).toContainEqual({ partnerId: 1, updatedAt: -1, _id: -1 });
      expect(keys).toContainEqual({ sellerId: 1, updatedAt: -1, _id: -1 });
    });

    it('stores _position as a fixed-width string and reads it back as the same bigint', async () => {
      const position = 2n ** 62n + 3n;
      await store.commit('encoding', position, [{ collection: 'authorizations', id: 'enc', document: { _id: 'enc', _position: position } }]);
      const raw = await store.db.collection('authorizations').findOne({ _id: 'enc' } as never);
      expect(raw?._position).toBe('04611686018427387907');
      expect((await store.load('authorizations', ['enc'])).get('enc')?._position).toBe(position);
    });

    it('does not fail a batch whose upsert meets a newer document: that one counts as applied', async () => {
      await store.commit('race', 10n, [{ collection: 'services', id: 'newer', document: { _id: 'newer', _position: 10n, v: 'kept' } }]);
      await store.commit('race', 12n, [
        { collection: 'services', id: 'newer', document: { _id: 'newer', _position: 5n, v: 'stale' } },
        { collection: 'services', id: 'fresh', document: { _id: 'fresh', _position: 12n, v: 'written' } },
      ]);
      const loaded = await store.load('services', ['newer', 'fresh']);
      expect(loaded.get('newer')).toMatchObject({ v: 'kept', _position: 10n });
      expect(loaded.get('fresh')).toMatchObject({ v: 'written', _position: 12n });
      expect(await store.checkpoint('race')).toBe(12n);
    });

    it('hands a lease to one owner at a time, with a growing token, and fences the previous holder out', async () => {
      let now = new Date('2026-03-01T00:00:00.000Z');
      const clock = () => now;
      const one = new MongoLease(store.db, { owner: 'one', ttlMs: 1_000, now: clock });
      const two = new MongoLease(store.db, { owner: 'two', ttlMs: 1_000, now: clock });
      const name = `lease-${randomUUID()}`;
      const first = await one.acquire(name);
      expect(first?.token).toBe(1);
      expect(await two.acquire(name)).toBeNull();
      expect(await one.renew(first!)).toBe(true);

      now = new Date(now.getTime() + 5_000);
      const second = await two.acquire(name);
      expect(second?.token).toBe(2);
      expect(await one.renew(first!)).toBe(false);

      const write = (id: string) => [{ collection: 'proposals', id, document: { _id: id, _position: 1n } }];
      const asOne = new MongoReadStore({ client: admin, database, fence: () => first! });
      const asTwo = new MongoReadStore({ client: admin, database, fence: () => second! });
      await expect(asOne.commit(name, 1n, write('by-one'))).rejects.toBeInstanceOf(FencedOutError);
      await asTwo.commit(name, 1n, write('by-two'));
      expect([...(await store.load('proposals', ['by-one', 'by-two'])).keys()]).toEqual(['by-two']);
      expect(await store.checkpoint(name)).toBe(1n);

      await two.release(second!);
      const third = await one.acquire(name);
      expect(third?.token).toBe(3);
      expect((await store.db.collection(LEASES).findOne({ _id: name } as never))?.owner).toBe('one');
    });
  });
}
