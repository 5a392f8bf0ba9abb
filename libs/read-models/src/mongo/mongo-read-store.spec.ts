// The commit's transaction logic against a fake driver (what runs inside one transaction, the
// retry that treats a guarded upsert's duplicate key as "already applied", the fence), and the
// indexes ensureCollections creates against the sorts the pages ask for.
// MongoDB itself runs the read-store contract in the integration suite.
import { describe, expect, it } from '@jest/globals';
import { MongoBulkWriteError, type MongoClient } from 'mongodb';
import { COLLECTIONS } from '../collections.js';
import type { DocumentWrite, Sort } from '../port.js';
import { DEADLINE_COLLECTIONS } from '../projections/deadlines.projection.js';
import { SELLER_MANAGEMENT_SORTS, sellerManagementQuery } from '../queries/seller-management.js';
import { FencedOutError, LEASES } from './lease.js';
import { indexesFor, MongoReadStore } from './mongo-read-store.js';
import { CHECKPOINTS, encodePosition } from './writes.js';

const duplicateAt = (index: number) =>
  new MongoBulkWriteError(
    { message: 'E11000', code: 11000, writeErrors: [{ code: 11000, index, errmsg: 'E11000 duplicate key error index: _id_' } as never] },
    {} as never,
  );

function fakeDriver(options: { bulkFailures?: unknown[]; fenceMatches?: boolean } = {}) {
  const log: string[] = [];
  const bulkFailures = [...(options.bulkFailures ?? [])];
  const sessions: unknown[] = [];
  const session = {
    async withTransaction(fn: () => Promise<unknown>, txn: unknown) {
      log.push(`begin ${JSON.stringify(txn)}`);
      try {
        await fn();
        log.push('commit');
      } catch (error) {
        log.push('abort');
        throw error;
      }
    },
  };
  const collection = (name: string) => ({
    async bulkWrite(ops: Array<Record<string, { filter: { _id: string } }>>, opts: { session: unknown; ordered: boolean }) {
      sessions.push(opts.session);
      log.push(`bulk ${name} ${ops.map((op) => `${Object.keys(op)[0]}:${Object.values(op)[0]!.filter._id}`).join(',')} ordered=${opts.ordered}`);
      const failure = bulkFailures.shift();
      if (failure) throw failure;
    },
    async updateOne(filter: Record<string, unknown>, update: unknown, opts: { session: unknown; upsert?: boolean }) {
      sessions.push(opts.session);
      log.push(`update ${name} ${JSON.stringify(filter)} ${JSON.stringify(update)}`);
      return { matchedCount: name === LEASES && options.fenceMatches === false ? 0 : 1 };
    },
  });
  const client = { db: () => ({ collection }), withSession: async (fn: (s: unknown) => Promise<unknown>) => fn(session) };
  return { client: client as unknown as MongoClient, log, sessions, session };
}

const writes: DocumentWrite[] = [
  { collection: 'authorizations', id: 'a', document: { _id: 'a', _position: 5n } },
  { collection: 'authorizations', id: 'b', document: { _id: 'b', _position: 6n } },
  { collection: 'services', id: 's', document: null },
];

describe('MongoReadStore.commit against a fake driver', () => {
  it('writes documents, then the checkpoint, all in one snapshot transaction with the session', async () => {
    const fake = fakeDriver();
    await new MongoReadStore({ client: fake.client, database: 'rm' }).commit('authorizations', 6n, writes);
    expect(fake.log).toEqual([
      'begin {"readConcern":{"level":"snapshot"},"writeConcern":{"w":"majority"},"readPreference":"primary"}',
      'bulk authorizations replaceOne:a,replaceOne:b ordered=true',
      'bulk services deleteOne:s ordered=true',
      `update ${CHECKPOINTS} {"_id":"authorizations"} {"$max":{"position":"${encodePosition(6n)}"}}`,
      'commit',
    ]);
    expect(fake.sessions.every((s) => s === fake.session)).toBe(true);
  });

  it('treats a duplicate _id as already applied: aborts, then commits again without that document', async () => {
    const fake = fakeDriver({ bulkFailures: [duplicateAt(1)] });
    await new MongoReadStore({ client: fake.client, database: 'rm' }).commit('authorizations', 6n, writes);
    expect(fake.log.filter((l) => !l.startsWith('begin'))).toEqual([
      'bulk authorizations replaceOne:a,replaceOne:b ordered=true',
      'abort',
      'bulk authorizations replaceOne:a ordered=true',
      'bulk services deleteOne:s ordered=true',
      `update ${CHECKPOINTS} {"_id":"authorizations"} {"$max":{"position":"${encodePosition(6n)}"}}`,
      'commit',
    ]);
  });

  it('ends when every document turned out to be applied: the checkpoint still moves', async () => {
    const only: DocumentWrite[] = [writes[0]!, writes[1]!];
    const fake = fakeDriver({ bulkFailures: [duplicateAt(0), duplicateAt(0)] });
    await new MongoReadStore({ client: fake.client, database: 'rm' }).commit('authorizations', 6n, only);
    expect(fake.log.filter((l) => l === 'abort')).toHaveLength(2);
    expect(fake.log.at(-2)).toContain(CHECKPOINTS);
    expect(fake.log.at(-1)).toBe('commit');
  });

  it('passes any other error through, after the transaction aborted', async () => {
    const boom = new Error('not primary');
    const fake = fakeDriver({ bulkFailures: [boom] });
    await expect(new MongoReadStore({ client: fake.client, database: 'rm' }).commit('authorizations', 6n, writes)).rejects.toBe(boom);
    expect(fake.log.at(-1)).toBe('abort');
  });

  it('checks the fence first, inside the transaction, with a write to the lease', async () => {
    const fence = { lease: 'authorizations', owner: 'projector-1', token: 4 };
    const fake = fakeDriver();
    await new MongoReadStore({ client: fake.client, database: 'rm', fence: () => fence }).commit('authorizations', 6n, writes);
    expect(fake.log[1]).toBe(`update ${LEASES} {"_id":"authorizations","owner":"projector-1","token":4} {"$currentDate":{"lastCommitAt":true}}`);
  });

  it('refuses a commit whose token is no longer current, writing nothing', async () => {
    const fake = fakeDriver({ fenceMatches: false });
    const store = new MongoReadStore({ client: fake.client, database: 'rm', fence: (p) => ({ lease: p, owner: 'projector-1', token: 3 }) });
    await expect(store.commit('authorizations', 6n, writes)).rejects.toBeInstanceOf(FencedOutError);
    expect(fake.log.some((l) => l.startsWith('bulk') || l.includes(CHECKPOINTS))).toBe(false);
    expect(fake.log.at(-1)).toBe('abort');
  });
});

type Key = Record<string, 1 | -1>;
const keysOf = (name: keyof typeof COLLECTIONS) => indexesFor(COLLECTIONS[name]).map((i) => i.key as Key);

/** Whether an index serves "equality on `prefix`, then this sort": the sort follows the prefix, forwards or backwards. */
function serves(key: Key, prefix: string, sort: Sort): boolean {
  const fields = Object.entries(key);
  if (fields[0]?.[0] !== prefix) return false;
  const rest = fields.slice(1, 1 + Object.keys(sort).length);
  const wanted = Object.entries(sort);
  if (rest.length !== wanted.length) return false;
  const same = rest.every(([f, d], i) => f === wanted[i]![0] && d === wanted[i]![1]);
  const reversed = rest.every(([f, d], i) => f === wanted[i]![0] && d === -wanted[i]![1]);
  return same || reversed;
}

describe('MongoDB indexes', () => {
  it('serve every sort of the Seller management page for one partner', () => {
    const keys = keysOf('authorizations');
    expect(keys).toContainEqual({ partnerId: 1, updatedAt: -1, _id: -1 });
    for (const sort of SELLER_MANAGEMENT_SORTS) {
      const { sort: wanted } = sellerManagementQuery('p', { sort }, '2026-01-01T00:00:00.000Z');
      expect(keys.some((key) => serves(key, 'partnerId', wanted!))).toBe(true);
    }
  });

  it("serve the seller's page, the proposals lists and the partner's services", () => {
    expect(keysOf('authorizations').some((k) => serves(k, 'sellerId', { updatedAt: -1, _id: -1 }))).toBe(true);
    for (const party of ['partnerId', 'sellerId']) expect(keysOf('proposals').some((k) => serves(k, party, { createdAt: -1, _id: -1 }))).toBe(true);
    expect(keysOf('services').some((k) => serves(k, 'partnerId', { publishedAt: -1, _id: -1 }))).toBe(true);
    expect(keysOf('services').some((k) => serves(k, 'partnerId', { publishedAt: 1, _id: 1 }))).toBe(true);
  });

  it('serve due-time scans: a range on the time, oldest first, ties by _id', () => {
    for (const spec of [DEADLINE_COLLECTIONS.authorizations, DEADLINE_COLLECTIONS.proposals]) {
      const keys = indexesFor(spec).map((i) => i.key as Key);
      for (const field of spec.orderedIndexes) expect(keys).toContainEqual({ [field]: 1, _id: 1 });
    }
  });

  it("cover each spec field, as a single index or as a compound index's first field, without duplicates", () => {
    for (const spec of Object.values(COLLECTIONS)) {
      const keys = indexesFor(spec).map((i) => i.key as Key);
      for (const field of spec.equalityIndexes) expect(keys.some((k) => Object.keys(k)[0] === field)).toBe(true);
      expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
    }
    expect(indexesFor({ name: 'other', equalityIndexes: ['tenant'], orderedIndexes: ['dueAt'] }).map((i) => i.key)).toEqual([
      { tenant: 1 },
      { dueAt: 1, _id: 1 },
    ]);
  });
});
