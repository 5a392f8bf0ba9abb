// The EventStoreDB adapter against the gRPC stand-in: every read ends its call on the server,
// and a server that never answers makes a read fail after its deadline instead of hanging.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { EsdbStandIn } from '../support/esdb-standin/server.js';
import { anEvent, events } from '../support/events.js';

/** Lets the server see what the client did (cancels travel as RST_STREAM frames). */
async function settled(standIn: EsdbStandIn, open = 0): Promise<number> {
  for (let i = 0; i < 200 && standIn.openCalls > open; i++) await new Promise((r) => setTimeout(r, 10));
  return standIn.openCalls;
}

describe('EventStoreDB adapter against the gRPC stand-in: reads', () => {
  let standIn: EsdbStandIn;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    standIn = await new EsdbStandIn().start();
    store = new EventStoreDbEventStore({ connectionString: standIn.connectionString, readPageSize: 16 });
  });
  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  it('leaves no call open after 10,000 mixed head probes and reads', async () => {
    // Counted on both ends: the server's open calls, and the calls the client has not finished (the
    // set its dispose() waits on). Before the fix each probe left one call unfinished on the client:
    // its stream never read to the end, so it never closed, and dispose() hung on it.
    await store.close();
    const client = EventStoreDBClient.connectionString(standIn.connectionString);
    const unfinished = () => (client as unknown as { disposableStreams: Set<unknown> }).disposableStreams.size;
    store = new EventStoreDbEventStore({ client, readPageSize: 16 });
    for (let i = 0; i < 40; i++) await store.append(`binding-${i % 7}`, events(3), 'any');
    await store.append('$stats-node', [anEvent('$statsCollected')], 'any');
    const probes = 10_000;
    for (let i = 0; i < probes; i += 50) {
      if (i === 1_000) expect(unfinished()).toBe(0); // fails here, with a clear count, before the fix
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          switch ((i + j) % 4) {
            case 0:
            case 1:
              return store.headPosition();
            case 2:
              return store.readAll({ fromPosition: 0n, limit: 1 + ((i + j) % 20) });
            default:
              return store.readAll({ fromPosition: 0n, limit: 5, types: ['ThingHappened'] });
          }
        }),
      );
    }
    expect(standIn.stats.calls).toBeGreaterThanOrEqual(probes);
    expect(await settled(standIn)).toBe(0);
    expect(unfinished()).toBe(0);
    await client.dispose();
  }, 600_000); // 10,000 gRPC calls: about a minute alone, several under a full parallel npm test

  it('fails a read the server never answers after its deadline, and ends the call', async () => {
    await store.close();
    store = new EventStoreDbEventStore({ connectionString: standIn.connectionString, readDeadlineMs: 300 });
    await store.append('binding-1', events(2), 'any');
    standIn.stall();
    await expect(store.headPosition()).rejects.toThrow(/did not answer .* within 300 ms/);
    await expect(store.readAll({ fromPosition: 0n, limit: 10 })).rejects.toThrow(/did not answer .* within 300 ms/);
    await expect(store.readStream('binding-1')).rejects.toThrow(/did not answer .* within 300 ms/);
    expect(await settled(standIn)).toBe(0);
    standIn.stall(false);
    expect(await store.readStream('binding-1')).toHaveLength(2);
  });
});
