// 6. Memory and restart, over a log of 1,000,000 events (10,000 with --quick):
// - time from start to ready: the API (dist/apps/api/src/main.js, embedded default) started on a
//   copy of the log, until GET /health/ready answers 200 (timeToReadyViaHttp). The first start
//   finds no read-model snapshot and replays the whole log (reported, one value); it is stopped
//   with SIGTERM, which writes a snapshot (libs/shell/src/read-side/projector.service.ts); every
//   later start loads that snapshot and catches up from it: that is the restart the target is for.
// - heap bytes per authorization held in the read models (measured in a fresh process after full
//   collections) against the authorization document's JSON size.
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logEventsFor } from './rebuild.js';
import { type Bench, isEntryPoint, sleep } from './support/context.js';
import { ensureLog } from './support/datasets.js';
import { runStandalone } from './support/execute.js';
import { row, target } from './support/report.js';
import type { RestartReport } from './support/restart-child.js';
import { startServer } from './support/server.js';

const CHILD = fileURLToPath(new URL('./support/restart-child.js', import.meta.url));
const READY_TIMEOUT_MS = 300_000;
/** The API's shutdown budget in these runs: the snapshot written at shutdown gets half of it. */
const SHUTDOWN_TIMEOUT_MS = 240_000;

/** Every projection from 0 in a fresh process; its report (time from the process's start to caughtUp, heap). */
export function timeToCaughtUpInChild(logFile: string): Promise<RestartReport> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [logFile], { execArgv: ['--expose-gc', '--max-old-space-size=12288'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let report: RestartReport | undefined;
    child.on('message', (m: { type: string; report: RestartReport }) => {
      if (m.type === 'report') report = m.report;
    });
    child.on('error', reject);
    child.on('exit', (code) => (report ? resolve(report) : reject(new Error(`the restart child exited ${code} without a report`))));
  });
}

/** A data directory holding a copy of the log (and nothing else: no snapshot yet). */
function freshDataDir(logFile: string, dir: string): string {
  const dataDir = join(dir, 'restart');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(logFile, join(dataDir, 'events.db'));
  return dataDir;
}

/** The log's head in a data directory (read beside the server: WAL readers block nobody). */
function headIn(dataDir: string): bigint {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    return (db.prepare('SELECT max(position) AS p FROM events').safeIntegers(true).get() as { p: bigint | null }).p ?? 0n;
  } finally {
    db.close();
  }
}

/** The complete read-model snapshots in a data directory's SQLite file: count and newest position. */
export function snapshotsIn(dataDir: string): { complete: number; position: bigint | null } {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true });
  try {
    const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'read_model_snapshots'").get();
    if (!exists) return { complete: 0, position: null };
    const row = db.prepare('SELECT count(*) AS n, max(position) AS p FROM read_model_snapshots WHERE complete = 1').safeIntegers(true).get() as {
      n: bigint;
      p: bigint | null;
    };
    return { complete: Number(row.n), position: row.p };
  } finally {
    db.close();
  }
}

/**
 * The API started on `dataDir`: milliseconds from spawning it to GET /health/ready = 200, then
 * stopped with SIGTERM (a graceful shutdown, which writes a read-model snapshot).
 * null when the API has no such route (404): the caller falls back to timeToCaughtUpInChild.
 */
export async function timeToReadyViaHttp(
  dataDir: string,
  end: { afterReadyMs: number; kill: boolean } = { afterReadyMs: 0, kill: false },
): Promise<{ ms: number; body: unknown } | null> {
  const started = performance.now();
  const server = await startServer({
    dataDir,
    probePath: '/health/live',
    timeoutMs: READY_TIMEOUT_MS,
    env: { SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
    stopTimeoutMs: SHUTDOWN_TIMEOUT_MS + 10_000,
  });
  try {
    for (;;) {
      const response = await fetch(`${server.url}/health/ready`);
      if (response.status === 200) {
        const ready = { ms: performance.now() - started, body: await response.json() };
        await sleep(end.afterReadyMs);
        if (end.kill) await server.kill();
        return ready;
      }
      if (response.status === 404) return null;
      if (performance.now() - started > READY_TIMEOUT_MS)
        throw new Error(`not ready after ${READY_TIMEOUT_MS} ms: ${response.status} ${await response.text()}`);
      await sleep(50);
    }
  } finally {
    await server.stop();
  }
}

export const bench: Bench = {
  name: 'memory-restart',
  title: '6. Memory and restart',
  async run(ctx) {
    const log = await ensureLog(logEventsFor(ctx.quick), ctx.log);
    let viaHttp = true;
    const ready: number[] = [];
    const afterKill: number[] = [];
    const tails: number[] = [];
    const firstStart: number[] = [];
    const caughtUp: number[] = [];
    const heap: number[] = [];
    const json: number[] = [];
    let authorizations = 0;
    const dataDir = freshDataDir(log.file, ctx.dir);
    try {
      // The first start replays the whole log; its shutdown leaves the snapshot the restarts load.
      const first = await timeToReadyViaHttp(dataDir);
      if (first) {
        firstStart.push(first.ms / 1000);
        const snapshots = snapshotsIn(dataDir);
        if (snapshots.complete === 0) throw new Error('the API wrote no read-model snapshot at shutdown: the restarts would replay the whole log');
        ctx.log(
          `first start (no snapshot, whole log): ready in ${(first.ms / 1000).toFixed(1)} s; snapshot at position ${snapshots.position} written at shutdown`,
        );
      } else {
        viaHttp = false;
        ctx.log('GET /health/ready answers 404: timing a ProjectionRunner to caughtUp instead');
      }
      for (let run = 1; run <= ctx.runs; run++) {
        let line = `run ${run}/${ctx.runs}:`;
        if (viaHttp) {
          const http = await timeToReadyViaHttp(dataDir);
          ready.push(http!.ms / 1000);
          line += ` API restart (snapshot) ready ${(http!.ms / 1000).toFixed(2)} s`;
          // kill -9 after running a while (the deadline process appends the expiries that fell
          // due meanwhile): the next start loads the last snapshot and catches up what followed.
          await timeToReadyViaHttp(dataDir, { afterReadyMs: ctx.quick ? 2_000 : 15_000, kill: true });
          const tail = Number(headIn(dataDir) - (snapshotsIn(dataDir).position ?? 0n));
          const killed = await timeToReadyViaHttp(dataDir);
          afterKill.push(killed!.ms / 1000);
          tails.push(tail);
          line += `, after kill -9 ready ${(killed!.ms / 1000).toFixed(2)} s (${tail} events after the last snapshot)`;
        }
        // The fresh-process rebuild is deterministic in memory and slow at full size: three runs are enough.
        if (run <= 3 || !viaHttp) {
          const child = await timeToCaughtUpInChild(log.file);
          caughtUp.push(child.caughtUpMs / 1000);
          heap.push(child.heapBytesPerAuthorization);
          json.push(child.jsonBytesPerAuthorization);
          authorizations = child.authorizations;
          line += `, runner from 0 caughtUp ${(child.caughtUpMs / 1000).toFixed(1)} s, heap ${Math.round(child.heapBytesPerAuthorization)} B/authorization (JSON ${Math.round(
            child.jsonBytesPerAuthorization,
          )} B)`;
        }
        ctx.log(line);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const size = `${log.events.toLocaleString('en-US')} events; ${authorizations.toLocaleString('en-US')} authorizations`;
    const rows = [
      viaHttp
        ? row({
            id: 'restart.ready',
            label: 'restart -> GET /health/ready 200 (the API, embedded default, read-model snapshot)',
            unit: 's',
            size,
            values: ready,
            target: target.atMost(10, 's'),
          })
        : row({
            id: 'restart.ready',
            label: 'start -> ProjectionRunner caughtUp (no /health/ready route yet)',
            unit: 's',
            size,
            values: caughtUp,
            target: target.atMost(10, 's'),
          }),
      ...(viaHttp
        ? [
            row({
              id: 'restart.after-kill',
              label: 'restart after kill -9 -> GET /health/ready 200 (last snapshot + the log after it)',
              unit: 's',
              size,
              values: afterKill,
              target: target.atMost(10, 's'),
            }),
            row({ id: 'restart.after-kill.tail', label: 'events after the last snapshot at the kill -9', unit: 'events', size, values: tails }),
          ]
        : []),
      ...(viaHttp
        ? [
            row({
              id: 'restart.first-start',
              label: 'first start -> GET /health/ready 200 (no snapshot: the whole log, once)',
              unit: 's',
              size,
              values: firstStart,
            }),
          ]
        : []),
      row({ id: 'restart.runner', label: 'fresh process -> every projection caughtUp (no HTTP)', unit: 's', size, values: caughtUp }),
      row({
        id: 'memory.heap-per-authorization',
        label: 'heap per authorization held in the read models',
        unit: 'bytes',
        size,
        values: heap,
        baseline: { label: 'JSON', values: json },
        target: target.ratioAtMost(2, 'JSON'),
      }),
      row({ id: 'memory.json-per-authorization', label: "an authorization document's JSON size", unit: 'bytes', size, values: json }),
    ];
    return {
      size,
      rows,
      notes: [
        viaHttp
          ? 'time to ready: node dist/apps/api/src/main.js on a copy of the log, from spawn to the first 200 of GET /health/ready (polled every 50 ms); the first start replays the whole log and writes a read-model snapshot at SIGTERM, the timed restarts load it'
          : 'time to ready: no GET /health/ready yet, so a fresh process running every projection to caughtUp stands in (switch: timeToReadyViaHttp in bench/memory-restart.ts)',
        'heap: process.memoryUsage().heapUsed after two full collections, with the read models built minus before, divided by the authorizations (every collection and index counted)',
      ],
    };
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
