// The EventStoreDB adapter's subscription and scans against the gRPC stand-in: a dropped connection
// is resumed from the checkpoint with nothing skipped or applied twice, an append reaches the
// subscriber whole, a scan by event types is filtered by the server, and a read from a made-up
// position is the port's InvalidPositionError.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidPositionError, type StoredEvent } from '#libs/event-store';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { EsdbStandIn } from '../support/esdb-standin/server.js';
import { anEvent, events } from '../support/events.js';

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('EventStoreDB adapter against the gRPC stand-in: subscription and scans', () => {
  let standIn: EsdbStandIn;
  let store: EventStoreDbEventStore;
  const drops: number[] = [];

  beforeEach(async () => {
    standIn = await new EsdbStandIn().start();
    drops.length = 0;
    store = new EventStoreDbEventStore({
      connectionString: standIn.connectionString,
      backoff: { initialMs: 20, maxMs: 100 },
      onSubscriptionDrop: (_error, attempt) => void drops.push(attempt),
    });
  });
  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  /** Appends, retrying while the client reconnects after a drop. */
  async function append(stream: string, n: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await store.append(stream, events(n), 'any');
        return;
      } catch (error) {
        if (attempt > 50) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  it('resumes after dropped connections from its checkpoint: every event once, in order', async () => {
    for (let i = 0; i < 10; i++) await append(`binding-${i % 3}`, 1);
    const applied: bigint[] = [];
    const subscription = store.subscribe({ fromPosition: 0n, batchSize: 3, onEvents: (batch) => void applied.push(...batch.map((e) => e.position)) });
    await until(() => applied.length === 10, 'the first ten events');
    for (let round = 0; round < 3; round++) {
      standIn.dropConnections();
      for (let i = 0; i < 5; i++) await append(`binding-${i % 3}`, 1);
    }
    await until(() => applied.length >= 25, 'every event after the drops');
    await new Promise((r) => setTimeout(r, 100)); // anything delivered twice would arrive now
    const written = standIn.log.records.map((r) => r.position);
    expect(applied).toEqual(written);
    expect(drops.length).toBeGreaterThanOrEqual(1);
    await subscription.close();
    await until(() => standIn.openCalls === 0, 'the subscription call to end');
  });

  it('delivers a multi-event append in one batch, even with a batch size of 1 and the events sent apart', async () => {
    await append('binding-early', 2); // caught up from the log
    const batches: StoredEvent[][] = [];
    store.subscribe({ fromPosition: 0n, batchSize: 1, onEvents: (batch) => void batches.push(batch) });
    await until(() => batches.length === 1, 'the caught-up append');
    // Live: the server sends the append's second event only after the subscriber has had every
    // chance to apply the first alone.
    let sent = 0;
    standIn.beforeLiveEvent = async () => {
      if (sent++ % 3 !== 0) await new Promise((r) => setTimeout(r, 100));
    };
    await append('binding-grant', 3);
    await append('binding-single', 1);
    await until(() => batches.length === 3, 'the live appends');
    expect(batches.map((b) => b.map((e) => [e.streamName, e.revision]))).toEqual([
      [
        ['binding-early', 0],
        ['binding-early', 1],
      ],
      [
        ['binding-grant', 0],
        ['binding-grant', 1],
        ['binding-grant', 2],
      ],
      [['binding-single', 0]],
    ]);
    // The marker that tells commits apart is the store's: the port's metadata is what was appended.
    for (const event of batches.flat())
      expect(Object.keys(event.metadata).sort()).toEqual(['actor', 'causationId', 'correlationId', 'occurredAt', 'schemaVersion']);
    expect((await store.readStream('binding-grant')).map((e) => e.metadata)).toEqual(batches[1]!.map((e) => e.metadata));
  });

  it('re-reads an append a drop cut in half whole, never half of it', async () => {
    const batches: bigint[][] = [];
    store.subscribe({ fromPosition: 0n, batchSize: 1, onEvents: (batch) => void batches.push(batch.map((e) => e.position)) });
    await until(() => standIn.openCalls === 1, 'the subscription');
    let sent = 0;
    standIn.beforeLiveEvent = async () => {
      if (sent++ !== 1) return;
      // The first event of the append went out; the append's own answer too, then the connection drops.
      await new Promise((r) => setTimeout(r, 100));
      standIn.dropConnections();
    };
    await append('binding-grant', 2);
    await until(() => batches.length === 1, 'the append after the reconnect');
    const written = standIn.log.records.map((r) => r.position);
    expect(batches).toEqual([written]);
    expect(drops.length).toBeGreaterThanOrEqual(1);
  });

  it('scans by event type on the server: the cost follows the matching events, not the log', async () => {
    for (let i = 0; i < 20; i++) await append(`binding-${i}`, 50);
    for (let i = 0; i < 4; i++) await store.append(`service-${i}`, [anEvent('ServiceDeactivated', { serviceId: `s${i}` })], 'any');
    const before = { ...standIn.stats };
    const found = await store.readAll({ fromPosition: 0n, limit: 5_000, types: ['ServiceDeactivated', 'PartnerBanned'] });
    expect(found.map((e) => e.streamName)).toEqual(['service-0', 'service-1', 'service-2', 'service-3']);
    expect(standIn.stats.calls - before.calls).toBe(1);
    expect(standIn.stats.filtered - before.filtered).toBe(1);
    expect(standIn.stats.eventsSent - before.eventsSent).toBe(4);
    // Paged by the limit, from a position: still exact, still only what matches.
    const after = await store.readAll({ fromPosition: found[1]!.position, limit: 1, types: ['ServiceDeactivated'] });
    expect(after.map((e) => e.streamName)).toEqual(['service-2']);
  });

  it('refuses a read from inside a record with the port error, as the server refuses it', async () => {
    await append('binding-1', 2);
    const [first] = await store.readAll({ fromPosition: 0n, limit: 1 });
    await expect(store.readAll({ fromPosition: first!.position + 1n, limit: 10 })).rejects.toBeInstanceOf(InvalidPositionError);
    expect((await store.readAll({ fromPosition: first!.position, limit: 10 })).map((e) => e.revision)).toEqual([1]);
  });
});
