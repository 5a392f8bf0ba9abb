// CPU profiles of one thing at a time, with the set-up left out of the profile (node:inspector):
//   node --expose-gc dist/bench/support/profile.js page [authorizations=1000000]   the Seller management page, every status x sort, page 50 of 20
//   node --expose-gc dist/bench/support/profile.js rebuild [events=100000]         every projection over a synthetic log, into a MemoryReadStore
//   node --expose-gc dist/bench/support/profile.js append-1 [appends=5000]         one writer appending to distinct streams through the port
//   node --expose-gc dist/bench/support/profile.js append-32 [appends=20000]       32 concurrent writers, likewise
//   node --expose-gc dist/bench/support/profile.js restore <dataDir>               a start's read side: the snapshot in <dataDir>/events.db loaded, the log's tail caught up
// The .cpuprofile lands in bench/.scratch/profiles/ (open it in Chrome DevTools); its top frames are printed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { AUTHORIZATION_STATUSES } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import {
  isSnapshotted,
  PROJECTION_COLLECTIONS,
  PROJECTIONS,
  ProjectionRunner,
  ReadModelSnapshots,
  SELLER_MANAGEMENT_SORTS,
  sellerManagementPage,
} from '#libs/read-models';
import { openEmbeddedStores } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { rebuildAll } from '../rebuild.js';
import { gc, SCRATCH } from './context.js';
import { summarizeProfile } from './cpuprofile.js';
import { ensureLog } from './datasets.js';
import { buildReadStore } from './readstore.js';
import { partnerId, serviceFacts, SYNTHETIC_NOW } from './synthetic.js';

const [what = 'page', sizeArg] = process.argv.slice(2);
const log = (m: string) => process.stderr.write(`${m}\n`);

async function profiled(name: string, fn: () => Promise<string>): Promise<void> {
  gc();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const line = await fn();
  const { profile } = await session.post('Profiler.stop');
  const dir = join(SCRATCH, 'profiles');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const summary = summarizeProfile(file, 30);
  console.log(`${line}\nprofile: ${file} (${(summary.totalMs / 1000).toFixed(1)} s)\n\nself time by frame:`);
  for (const f of summary.frames) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
  console.log('\nself time by place:');
  for (const f of summary.byPlace) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
}

if (what === 'page') {
  const authorizations = Number(sizeArg ?? 1_000_000);
  log(`building ${authorizations} authorizations...`);
  const { store } = await buildReadStore(authorizations);
  await profiled(`page-${authorizations}`, async () => {
    const started = performance.now();
    let calls = 0;
    for (const status of AUTHORIZATION_STATUSES)
      for (const sort of SELLER_MANAGEMENT_SORTS) {
        await sellerManagementPage(store, partnerId(0), { status, sort, page: 50, pageSize: 20 }, SYNTHETIC_NOW);
        calls++;
      }
    return `${calls} Seller management pages of the largest partner (${authorizations / 10} authorizations): ${((performance.now() - started) / calls).toFixed(1)} ms each`;
  });
} else if (what === 'rebuild') {
  const events = Number(sizeArg ?? 100_000);
  const info = await ensureLog(events, log);
  await profiled(`rebuild-${events}`, async () => {
    const r = await rebuildAll(info.file);
    return `rebuilt every read model from ${r.events} events in ${(r.ms / 1000).toFixed(1)} s: ${Math.round(r.events / (r.ms / 1000))} events/s`;
  });
} else if (what === 'append-1' || what === 'append-32') {
  const writers = what === 'append-1' ? 1 : 32;
  const n = Number(sizeArg ?? (writers === 1 ? 5_000 : 20_000));
  const file = join(SCRATCH, 'work', 'profile-append.db');
  for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
  mkdirSync(join(SCRATCH, 'work'), { recursive: true });
  const store = new SqliteEventStore({ file });
  const data = serviceFacts(1, 0);
  await profiled(`${what}-${n}`, async () => {
    const started = performance.now();
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < n; i = next++)
        await store.append(
          `binding-p-${i}`,
          [
            {
              eventId: `e-${i}`,
              type: 'ServicePublished',
              data,
              metadata: { actor: { role: 'partner', sub: 'p' }, correlationId: `c-${i}`, causationId: null, occurredAt: SYNTHETIC_NOW, schemaVersion: 1 },
            },
          ],
          'no_stream',
        );
    };
    await Promise.all(Array.from({ length: writers }, writer));
    return `${n} appends by ${writers} writer(s): ${Math.round(n / ((performance.now() - started) / 1000))}/s`;
  });
  await store.close();
  for (const s of ['', '-wal', '-shm']) rmSync(file + s, { force: true });
} else if (what === 'restore') {
  // A data directory whose events.db holds a read-model snapshot (e.g. one a graceful stop wrote):
  // what the API's start does on the read side, the snapshot loaded then the log's tail caught up.
  const dataDir = sizeArg;
  if (!dataDir) throw new Error('restore takes a data directory holding events.db with a read-model snapshot');
  const stores = openEmbeddedStores(dataDir);
  const store = stores.readStore;
  if (!isSnapshotted(store)) throw new Error('not a snapshotted store');
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  await profiled('restore', async () => {
    const started = performance.now();
    const restored = await new ReadModelSnapshots(store.snapshotStorage, PROJECTIONS, PROJECTION_COLLECTIONS).restore(store, stores.eventStore);
    const loadedMs = performance.now() - started;
    const gcLoad = gcMs;
    const runner = new ProjectionRunner(stores.eventStore, store, PROJECTIONS, PROJECTION_COLLECTIONS);
    await runner.start();
    await runner.caughtUp;
    await runner.stop();
    const ms = performance.now() - started;
    return (
      `${restored.reason}; loaded in ${(loadedMs / 1000).toFixed(2)} s (GC ${(gcLoad / 1000).toFixed(2)} s), caught up to ${runner.position} in ${((ms - loadedMs) / 1000).toFixed(2)} s ` +
      `(GC ${((gcMs - gcLoad) / 1000).toFixed(2)} s); heap ${(process.memoryUsage().heapUsed / 2 ** 30).toFixed(2)} GiB`
    );
  });
  observer.disconnect();
  await stores.close();
} else throw new Error(`unknown profile ${what}: page, rebuild, append-1, append-32 or restore <dataDir>`);
