// A projection commit meets the faults a replica set raises mid-transaction (a stepdown, a write
// conflict: TransientTransactionError; a commit whose answer is lost: UnknownTransactionCommitResult),
// against the stateful fake driver of test/support/fake-mongo.ts, whose withTransaction tries once:
// every retry seen here is MongoReadStore's own. Counted writes show nothing is applied twice.
import { describe, expect, it } from '@jest/globals';
import { MongoServerError } from 'mongodb';
import { FakeMongo, labelled, once } from '../../../../test/support/fake-mongo.js';
import type { DocumentWrite } from '../port.js';
import { MongoReadStore } from './mongo-read-store.js';
import { CHECKPOINTS, encodePosition } from './writes.js';

const writes: DocumentWrite[] = [
  { collection: 'authorizations', id: 'a', document: { _id: 'a', _position: 5n, status: 'ACTIVE' } },
  { collection: 'authorizations', id: 'b', document: { _id: 'b', _position: 6n, status: 'ACTIVE' } },
];

function setUp() {
  const mongo = new FakeMongo();
  const store = new MongoReadStore({ client: mongo.client, database: 'fake' });
  return { mongo, store };
}

const stored = (mongo: FakeMongo) => ({
  documents: mongo.docs('authorizations').map((d) => [d._id, d._position]),
  checkpoint: mongo.docs(CHECKPOINTS).map((d) => d.position),
});

/** Both documents at their positions and the checkpoint at the last: the commit applied once, whole. */
const appliedWhole = {
  documents: [
    ['a', encodePosition(5n)],
    ['b', encodePosition(6n)],
  ],
  checkpoint: [encodePosition(6n)],
};

describe('MongoReadStore.commit under transaction faults', () => {
  it('retries a TransientTransactionError in the middle of the commit, and applies each document once', async () => {
    const { mongo, store } = setUp();
    mongo.fault = once((op) => op.method === 'bulkWrite', labelled('PlanExecutor error: interrupted due to a stepdown', 'TransientTransactionError', 11602));
    await store.commit('authorizations', 6n, writes);
    expect(mongo.transactions).toBe(2);
    // The first try wrote nothing that counts (the fault hit before its writes; the transaction rolled back).
    expect(mongo.applied('authorizations', 'replaceOne')).toBe(2);
    expect(stored(mongo)).toEqual(appliedWhole);
  });

  it('rolls back the half of a commit written before the fault, then applies it whole', async () => {
    const { mongo, store } = setUp();
    mongo.fault = once((op) => op.collection === CHECKPOINTS, labelled('WriteConflict during the commit', 'TransientTransactionError', 112));
    await store.commit('authorizations', 6n, writes);
    expect(mongo.transactions).toBe(2);
    expect(mongo.writes.filter((w) => w.collection === 'authorizations').map((w) => w.committed)).toEqual([false, false, true, true]);
    expect(stored(mongo).checkpoint).toEqual([encodePosition(6n)]);
  });

  it('retries a commit whose answer was lost (it was applied): the position guards leave every document as it is', async () => {
    const { mongo, store } = setUp();
    const lost = Object.assign(labelled('connection closed after the commit', 'UnknownTransactionCommitResult', 6), { afterCommit: true });
    mongo.fault = once((op) => op.method === 'commitTransaction', lost);
    await store.commit('authorizations', 6n, writes);
    // Applied by the first transaction; the retries meet each document at its position (duplicate key: left out).
    expect(mongo.applied('authorizations', 'replaceOne')).toBe(2);
    expect(stored(mongo)).toEqual(appliedWhole);
  });

  it('does not retry an error the server did not label as transient', async () => {
    const { mongo, store } = setUp();
    mongo.fault = once((op) => op.method === 'bulkWrite', new MongoServerError({ message: 'not authorized', code: 13 }));
    await expect(store.commit('authorizations', 6n, writes)).rejects.toThrow('not authorized');
    expect(mongo.transactions).toBe(1);
    expect(stored(mongo)).toEqual({ documents: [], checkpoint: [] });
  });

  it('gives up after a few transient failures in a row, with nothing applied', async () => {
    const { mongo, store } = setUp();
    mongo.fault = (op) => (op.method === 'bulkWrite' ? labelled('no primary', 'TransientTransactionError', 189) : undefined);
    await expect(store.commit('authorizations', 6n, writes)).rejects.toThrow('no primary');
    expect(mongo.transactions).toBe(6);
    expect(stored(mongo)).toEqual({ documents: [], checkpoint: [] });
  });
});
