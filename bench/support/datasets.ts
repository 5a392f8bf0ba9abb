// Data files the benchmarks share: an event log of N synthetic events, written through the event
// store port (SqliteEventStore.append, many appends per group commit), made once per `npm run
// bench` and reused by the benchmarks that read it (rebuild, memory and restart).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '#libs/event-store';
import { SCRATCH } from './context.js';
import { syntheticHistory } from './synthetic.js';

export const DATA_DIR = join(SCRATCH, 'data');

/** Appends that share one transaction while the log is written (the port's group commit batches them). */
const APPENDS_PER_COMMIT = 20_000;

export interface LogInfo {
  file: string;
  events: number;
  authorizations: number;
  bytes: number;
  writeMs: number;
}

/** Writes `events` synthetic events into a new SQLite event log through the port. */
export async function writeLog(file: string, events: number): Promise<LogInfo> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const started = performance.now();
  const store = new SqliteEventStore({ file });
  // A bulk load: a page cache that holds the indexes being built, and no fsync per commit (the
  // file is checkpointed at the end; a crash here only means writing it again).
  store.db.pragma('cache_size = -524288');
  store.db.pragma('synchronous = OFF');
  let written = 0;
  let authorizations = 0;
  let inFlight: Promise<unknown>[] = [];
  try {
    for (const job of syntheticHistory({ authorizations: events, maxEvents: events })) {
      inFlight.push(store.append(job.stream, job.events, job.expected));
      written += job.events.length;
      if (job.events[0]!.type === 'AuthorizationGranted') authorizations++;
      if (inFlight.length >= APPENDS_PER_COMMIT) {
        await Promise.all(inFlight);
        inFlight = [];
      }
    }
    await Promise.all(inFlight);
    const head = Number(await store.headPosition());
    if (head !== written) throw new Error(`wrote ${written} events, the log's head is ${head}`);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await store.close();
  }
  return { file, events: written, authorizations, bytes: statSync(file).size, writeMs: performance.now() - started };
}

/** The shared log of `events` events: written on first use in this `npm run bench`, then reused. */
export async function ensureLog(events: number, log: (m: string) => void): Promise<LogInfo> {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = join(DATA_DIR, `log-${events}.db`);
  const marker = `${file}.json`;
  if (existsSync(file) && existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as LogInfo;
    log(`reusing the ${events.toLocaleString('en-US')}-event log (${(info.bytes / 2 ** 20).toFixed(0)} MiB)`);
    return { ...info, file };
  }
  log(`writing a ${events.toLocaleString('en-US')}-event log through the event store port...`);
  const tmp = `${file}.tmp`;
  const info = await writeLog(tmp, events);
  renameSync(tmp, file);
  for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  const final = { ...info, file };
  writeFileSync(marker, JSON.stringify(final));
  log(
    `wrote ${info.events.toLocaleString('en-US')} events (${info.authorizations.toLocaleString('en-US')} authorizations, ${(info.bytes / 2 ** 20).toFixed(0)} MiB) in ${(
      info.writeMs / 1000
    ).toFixed(1)} s: ${Math.round(info.events / (info.writeMs / 1000)).toLocaleString('en-US')} events/s`,
  );
  return final;
}

/** Called by `bench/run.ts` at start: every `npm run bench` writes its logs afresh. */
export function clearSharedData(): void {
  rmSync(DATA_DIR, { recursive: true, force: true });
}
