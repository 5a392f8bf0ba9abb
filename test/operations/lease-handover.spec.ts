// The production topology's failover, as much of it as runs without servers: two projector
// processes' lease gates (libs/shell/src/infrastructure/projector-lease.ts) over one stateful fake
// MongoDB (test/support/fake-mongo.ts), with the real MongoLease, fencedWrites and the MongoDB
// stores. One holder is paused (its renewals stop reaching the server, as in a long GC pause or a
// partition); the standby takes over within the lease time; when the paused one wakes up, every
// write it still makes (projection commit, process checkpoint, delivery claim and outcome) is
// refused, and it is told it lost the lease. The same with real servers and real processes killed
// with SIGKILL: test/integration/failover.int-spec.ts.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MongoCheckpointStore, MongoDeliveryStore } from '#libs/operational/mongo';
import { FencedOutError, fencedWrites, LEASES, MongoLease, MongoReadStore } from '#libs/read-models/mongo';
import { LEASE_TTL_MS, PROJECTOR_LEASE, projectorLeaseGate } from '../../libs/shell/src/infrastructure/projector-lease.js';
import { FakeMongo } from '../support/fake-mongo.js';

const TTL = LEASE_TTL_MS;

function recorder() {
  const lines: string[] = [];
  return { lines, log: { warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) } };
}

/** One projector process: its lease (pausable), its gate, and its fenced stores, over the shared fake server. */
function projectorProcess(mongo: FakeMongo, owner: string) {
  const lease = new MongoLease(mongo.db, { owner, ttlMs: TTL });
  let paused: Promise<void> | undefined;
  let resume = () => {};
  const pausable = {
    owner,
    acquire: async (name: string) => (await paused, lease.acquire(name)),
    renew: async (fence: Parameters<MongoLease['renew']>[0]) => (await paused, lease.renew(fence)),
    release: (fence: Parameters<MongoLease['release']>[0]) => lease.release(fence),
  };
  const { lines, log } = recorder();
  const stopped: string[] = [];
  const { gate, keeper } = projectorLeaseGate(pausable, log, (reason) => stopped.push(reason), TTL);
  const fence = () => keeper.fenceFor(PROJECTOR_LEASE);
  const fenced = fencedWrites(mongo.client, mongo.db, fence);
  return {
    gate,
    keeper,
    lines,
    stopped,
    checkpoints: new MongoCheckpointStore(mongo.db, { fenced }),
    deliveries: new MongoDeliveryStore(mongo.db, { fenced }),
    readStore: new MongoReadStore({ client: mongo.client, database: 'fake', fence }),
    pause: () => (paused = new Promise<void>((resolve) => (resume = resolve))),
    resume: () => resume(),
  };
}

const acquisitions = (mongo: FakeMongo) => mongo.writes.filter((w) => w.collection === LEASES && w.op === 'findOneAndUpdate').length;
const renewals = (mongo: FakeMongo) => mongo.writes.filter((w) => w.collection === LEASES && w.op === 'updateOne').length;

const delivery = {
  deliveryId: 'msg_1',
  webhookId: 'wh_1',
  partnerId: 'p',
  eventId: 'e',
  eventType: 'AUTHORIZATION_GRANTED',
  orderingKey: 'wh_1/a',
  payload: '{}',
  createdAt: '2026-03-01T10:00:00.000Z',
};

describe('projector lease handover (fake MongoDB, two processes)', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('acquires once and runs one renewal loop however many parts open the gate; close() ends it and releases', async () => {
    const mongo = new FakeMongo();
    const a = projectorProcess(mongo, 'A');
    // The projector, the webhook dispatcher (and anything else) wait on the same gate.
    await Promise.all([a.gate.open(), a.gate.open(), a.gate.open()]);
    expect(acquisitions(mongo)).toBe(1);
    await jest.advanceTimersByTimeAsync(TTL); // three renewals at ttl/3, from one loop
    expect(renewals(mongo)).toBe(3);
    await a.gate.close();
    expect(mongo.docs(LEASES)).toEqual([expect.objectContaining({ _id: PROJECTOR_LEASE, owner: '', token: 1 })]);
    const after = mongo.writes.length;
    await jest.advanceTimersByTimeAsync(3 * TTL);
    expect(mongo.writes.length).toBe(after);
  });

  it('a paused holder loses the lease to the standby within the lease time, and every write it makes afterwards is refused', async () => {
    const mongo = new FakeMongo();
    const a = projectorProcess(mongo, 'A');
    const b = projectorProcess(mongo, 'B');
    await a.gate.open();
    let bHolds = false;
    void b.gate.open().then(() => (bHolds = true));
    await jest.advanceTimersByTimeAsync(TTL); // A renews; B keeps waiting
    expect(bHolds).toBe(false);

    // A works under the lease: a checkpoint, a delivery stored and read for sending.
    await a.checkpoints.set('process:cascade', '100');
    await a.deliveries.add([delivery]);
    const [readByA] = await a.deliveries.due({ now: '2026-03-01T10:00:00.000Z', limit: 10, excludeWebhooks: [], excludeKeys: [] });

    a.pause();
    const pausedAt = Date.now();
    for (let i = 0; i < 100 && !bHolds; i++) await jest.advanceTimersByTimeAsync(500);
    expect(bHolds).toBe(true);
    // Taken over once A's last renewal lapsed: at most the lease time plus one retry interval (ttl/2).
    expect(Date.now() - pausedAt).toBeLessThanOrEqual(TTL + TTL / 2);
    expect(b.keeper.fenceFor(PROJECTOR_LEASE)).toEqual({ lease: PROJECTOR_LEASE, owner: 'B', token: 2 });

    // B goes on: further in the log, and the delivery's first attempt (it failed, stays PENDING).
    await b.checkpoints.set('process:cascade', '200');
    expect(await b.deliveries.claim!(readByA!)).toBe(true);
    await b.deliveries.recordAttempt({
      deliveryId: 'msg_1',
      attemptedAt: '2026-03-01T10:00:01.000Z',
      status: 'PENDING',
      nextAttemptAt: '2026-03-01T10:00:11.000Z',
      statusCode: 500,
      error: 'HTTP 500',
    });

    // A wakes up with its work in flight: nothing it writes counts.
    await expect(a.checkpoints.set('process:cascade', '150')).rejects.toBeInstanceOf(FencedOutError);
    await expect(a.deliveries.claim!(readByA!)).rejects.toBeInstanceOf(FencedOutError); // so it never sends
    await expect(
      a.deliveries.recordAttempt({ deliveryId: 'msg_1', attemptedAt: '2026-03-01T10:00:02.000Z', status: 'DELIVERED', statusCode: 200 }),
    ).rejects.toBeInstanceOf(FencedOutError);
    await expect(a.deliveries.cancelPending('wh_1', 'unsubscribed')).rejects.toBeInstanceOf(FencedOutError);
    await expect(
      a.readStore.commit('authorizations', 150n, [{ collection: 'authorizations', id: 'x', document: { _id: 'x', _position: 150n } }]),
    ).rejects.toBeInstanceOf(FencedOutError);
    a.resume();
    await jest.advanceTimersByTimeAsync(TTL / 3);

    expect(await b.checkpoints.get('process:cascade')).toBe('200');
    expect(mongo.docs('webhook_deliveries')[0]).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500 });
    expect(mongo.docs('authorizations')).toEqual([]);
    expect(a.lines).toEqual([expect.stringMatching(/^error lease projector: lost to another process/)]);
    expect(a.stopped).toEqual(['lost the projector lease to another process']);
    expect(b.stopped).toEqual([]);
    await Promise.all([a.gate.close(), b.gate.close()]);
  });

  it('a late checkpoint of a former holder cannot move it back even where it slips past the fence (forward only)', async () => {
    const mongo = new FakeMongo();
    const unfenced = new MongoCheckpointStore(mongo.db);
    await unfenced.set('webhooks:dispatcher', '200');
    await unfenced.set('webhooks:dispatcher', '150');
    expect(await unfenced.get('webhooks:dispatcher')).toBe('200');
  });

  it('giving up (a start that kept failing) releases the lease at once, so the standby takes over without waiting for it to lapse', async () => {
    const mongo = new FakeMongo();
    const a = projectorProcess(mongo, 'A');
    const b = projectorProcess(mongo, 'B');
    await a.gate.open();
    let bHolds = false;
    void b.gate.open().then(() => (bHolds = true));
    await jest.advanceTimersByTimeAsync(0);
    a.gate.giveUp!('the projector failed to start 8 times in a row');
    await jest.advanceTimersByTimeAsync(TTL / 2); // B's next try, well before A's lease would have lapsed
    expect(bHolds).toBe(true);
    expect(a.stopped).toEqual(['the projector failed to start 8 times in a row; the projector lease was released']);
    await expect(a.checkpoints.set('process:cascade', '1')).rejects.toBeInstanceOf(FencedOutError);
    await b.gate.close();
  });

  it('logs a failed renewal at warn with its error, and keeps renewing', async () => {
    const mongo = new FakeMongo();
    const a = projectorProcess(mongo, 'A');
    await a.gate.open();
    let failures = 1;
    mongo.fault = (op) => (op.collection === LEASES && op.method === 'updateOne' && failures-- > 0 ? new Error('connection reset by peer') : undefined);
    await jest.advanceTimersByTimeAsync(TTL);
    expect(a.lines).toEqual(['warn lease projector: renewal or acquisition failed, trying again: connection reset by peer']);
    expect(renewals(mongo)).toBe(2);
    expect(a.keeper.holdsAll).toBe(true);
    await a.gate.close();
  });
});
