// The API in a child process of the stalls benchmark, started as main.ts starts it (embedded
// default on DATA_DIR, config from the environment) but on a clock of its own and with the event
// loop's delay measured in it (perf_hooks.monitorEventLoopDelay), so that the parent can start a
// scenario (a snapshot write, a blue/green replay, a deadline catch-up) while its autocannon load
// of access checks runs, and get back the longest the loop was held meanwhile.
//
// The clock starts before the synthetic history's first grant, so that nothing is due while the
// API starts; the deadline scenario moves it to the history's "now" (SYNTHETIC_NOW): every
// expiry, cancellation timeout and reminder that fell due in between is caught up at once, as
// after a long downtime.
//
// Usage (forked, with an IPC channel): node stalls-server.js prepare|serve
//   prepare: start (the whole log replayed), then close gracefully: the read-model snapshot the
//            served runs load is written at shutdown.
//   serve:   start (loads the snapshot), then take { scenario } messages, answer each with its report.
import 'reflect-metadata';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '#libs/event-store';
import { loadConfig, ManualClock } from '#libs/platform';
import { isSnapshotted, PROJECTION_COLLECTIONS, PROJECTIONS, ReadModelSnapshots, type ReadStore } from '#libs/read-models';
import { createApp } from '../../apps/api/src/app.js';
import { openStores } from '../../libs/shell/src/infrastructure/stores.js';
import { EVENT_STORE } from '../../libs/shell/src/infrastructure/injection-keys.js';
import { Processes } from '../../libs/shell/src/processes/processes.service.js';
import { READ_PROGRESS, READ_STORE, type ReadProgress } from '../../libs/shell/src/read-side/read-side.keys.js';
import { ReplayService } from '../../apps/api/src/read-side/replay.service.js';
import { BEFORE_HISTORY, type StallReport, type StallScenario } from './stalls-protocol.js';
import { SYNTHETIC_NOW } from './synthetic.js';

const IDLE_MS = Number(process.env.STALLS_IDLE_MS ?? 5_000);

async function main(mode: string): Promise<void> {
  const { config, errors } = loadConfig();
  if (errors.length) throw new Error(errors.join('; '));
  const clock = new ManualClock(BEFORE_HISTORY);
  const stores = await openStores(config, (reason) => {
    throw new Error(reason);
  });
  const app = await createApp({ config, clock, ...stores, jwtSecret: config.jwtSecret! });
  await app.listen(config.port, config.host);
  const progress = app.get<ReadProgress>(READ_PROGRESS);
  const started = performance.now();
  await progress.whenCaughtUp();
  const readyMs = performance.now() - started;
  const processes = app.get(Processes);
  // The start-up pass finds nothing due (the clock is before the history).
  await processes.settle();
  if (mode === 'prepare') {
    await app.close();
    await stores.close();
    process.send!({ type: 'prepared', readyMs }, () => process.exit(0));
    return;
  }
  const store = app.get<ReadStore>(READ_STORE);
  const events = app.get<EventStore>(EVENT_STORE);
  const replays = app.get(ReplayService);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let gcMax = 0;
  let gcs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcs++;
      gcMax = Math.max(gcMax, entry.duration);
    }
  });

  const scenarios: Record<StallScenario, () => Promise<string>> = {
    idle: async () => {
      await sleep(IDLE_MS);
      return `${IDLE_MS / 1000} s of access checks alone`;
    },
    snapshot: async () => {
      if (!isSnapshotted(store)) throw new Error('the read store keeps no snapshots');
      const snapshots = new ReadModelSnapshots(store.snapshotStorage, PROJECTIONS, PROJECTION_COLLECTIONS);
      // Written by the code the projector's background write runs.
      const outcome = await snapshots.write(store, events);
      if (!outcome.written) throw new Error(`no snapshot written: ${outcome.reason}`);
      return `${outcome.documents} documents written in ${Math.round(outcome.totalMs!)} ms (longest step ${Math.round(outcome.longestBlockMs!)} ms)`;
    },
    replay: async () => {
      const { replayId } = await replays.start('all');
      for (;;) {
        await sleep(100);
        const status = await replays.status(replayId);
        if (!status || status.status === 'FAILED') throw new Error(`the replay failed: ${status?.error}`);
        if (status.status === 'SWITCHED') return `every projection rebuilt from ${status.eventsApplied} events and switched`;
      }
    },
    deadlines: async () => {
      const before = await events.headPosition();
      clock.set(SYNTHETIC_NOW);
      await processes.deadlines.tick();
      const appended = (await events.headPosition()) - before;
      return `${appended} events appended by the catch-up (expiries, cancellation timeouts) from ${BEFORE_HISTORY.toISOString().slice(0, 10)} to ${SYNTHETIC_NOW.slice(0, 10)}`;
    },
  };

  // The longest blocks of the loop, by the monotonic clock a --cpu-prof profile's timestamps use
  // (µs), so that a profile can say what ran in them.
  let gaps: Array<{ fromUs: number; ms: number }> = [];
  let last = process.hrtime.bigint();
  const ticker = setInterval(() => {
    const now = process.hrtime.bigint();
    const ms = Number(now - last) / 1e6;
    if (ms > 40) gaps.push({ fromUs: Number(last / 1000n), ms });
    last = now;
  }, 5);
  ticker.unref();

  process.on('message', (message: { scenario: StallScenario; exit?: boolean }) => {
    if (message.exit) process.exit(0);
    void (async () => {
      const run = scenarios[message.scenario];
      try {
        delay.reset();
        gaps = [];
        gcMax = 0;
        gcs = 0;
        delay.enable();
        gcObserver.observe({ entryTypes: ['gc'] });
        const t0 = performance.now();
        const detail = await run();
        const ms = performance.now() - t0;
        delay.disable();
        gcObserver.disconnect();
        const report: StallReport = {
          scenario: message.scenario,
          maxDelayMs: delay.max / 1e6,
          p99DelayMs: delay.percentile(99) / 1e6,
          meanDelayMs: delay.mean / 1e6,
          maxGcMs: gcMax,
          gcs,
          ms,
          detail,
          longest: gaps.sort((a, b) => b.ms - a.ms).slice(0, 5),
        };
        process.send!({ type: 'report', report });
      } catch (error) {
        delay.disable();
        gcObserver.disconnect();
        process.send!({ type: 'failed', scenario: message.scenario, error: (error as Error).stack ?? String(error) });
      }
    })();
  });
  process.send!({ type: 'serving', readyMs });
}

const mode = process.argv[2] ?? 'serve';
if (!process.send) {
  console.error('usage: node stalls-server.js prepare|serve (forked, with an IPC channel)');
  process.exit(2);
}
main(mode).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
