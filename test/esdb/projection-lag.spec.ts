// The lag /health/ready and /metrics report, on EventStoreDB (gRPC stand-in): positions there are
// byte offsets, so the lag in events is a count of the events not applied yet, not a distance.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { ManualClock } from '#libs/platform';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import { ProjectionLagProbe } from '../../libs/shell/src/operations/projection-lag.js';
import type { Metrics } from '../../libs/shell/src/operations/metrics.js';
import { EsdbStandIn } from '../support/esdb-standin/server.js';
import { anEvent, events } from '../support/events.js';

describe('projection lag on EventStoreDB (gRPC stand-in)', () => {
  let standIn: EsdbStandIn;
  let store: EventStoreDbEventStore;
  beforeAll(async () => {
    standIn = await new EsdbStandIn().start();
    store = new EventStoreDbEventStore({ connectionString: standIn.connectionString });
    await store.append('binding-p-s', events(2), 'no_stream');
    await store.append('$stats-node', [anEvent('$statsCollected')], 'any'); // not a product event: no lag
    await store.append('service-1', events(3), 'no_stream');
  });
  afterAll(async () => {
    await store.close();
    await standIn.stop();
  });

  it('counts the product events after each checkpoint, not the bytes between positions', async () => {
    const log = standIn.log.records;
    const checkpoints: Record<string, bigint> = Object.fromEntries(PROJECTIONS.map(({ name }) => [name, log[5]!.position]));
    checkpoints[PROJECTIONS[0]!.name] = log[1]!.position; // two appends behind: 3 product events
    checkpoints[PROJECTIONS[1]!.name] = 0n; // nothing applied: all 5
    const readStore = { checkpoint: async (name: string) => checkpoints[name] ?? 0n } as unknown as ReadStore;
    const clock = new ManualClock(new Date('2026-03-01T10:00:30.000Z'));
    const probe = new ProjectionLagProbe(store, readStore, clock, { measureLagWith: () => undefined } as unknown as Metrics);
    const lag = await probe.measure();
    const byName = Object.fromEntries(lag.map((p) => [p.projection, p]));
    expect(log[5]!.position - log[1]!.position).toBeGreaterThan(100n); // what was reported before
    expect(byName[PROJECTIONS[0]!.name]).toMatchObject({ lagEvents: 3, lagSeconds: 30 });
    expect(byName[PROJECTIONS[1]!.name]).toMatchObject({ lagEvents: 5, lagSeconds: 30 });
    expect(byName[PROJECTIONS[2]!.name]).toMatchObject({ lagEvents: 0, lagSeconds: 0, head: log[5]!.position });
  });
});
