// 6. Memory and restart, over a log of 1,000,000 events (10,000 with --quick):
// - time from start to ready: the API (dist/apps/api/src/main.js, embedded default) started on a
//   copy of the log, until GET /health/ready answers 200 (timeToReadyViaHttp). Where the route
//   does not exist (404), a fresh process running every projection until caughtUp stands in for
//   it (timeToCaughtUpInChild), and the table says so.
// - heap bytes per authorization held in the read models (measured in that fresh process after
//   full collections) against the authorization document's JSON size.
import { fork } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
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

/**
 * The API started on a copy of the log: milliseconds from spawning it to GET /health/ready = 200.
 * null when the API has no such route (404): the caller falls back to timeToCaughtUpInChild.
 */
export async function timeToReadyViaHttp(logFile: string, dir: string): Promise<{ ms: number; body: unknown } | null> {
  const dataDir = join(dir, 'restart');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(logFile, join(dataDir, 'events.db'));
  const started = performance.now();
  const server = await startServer({ dataDir, probePath: '/health/live', timeoutMs: READY_TIMEOUT_MS });
  try {
    for (;;) {
      const response = await fetch(`${server.url}/health/ready`);
      if (response.status === 200) return { ms: performance.now() - started, body: await response.json() };
      if (response.status === 404) return null;
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`not ready after ${READY_TIMEOUT_MS} ms: ${response.status} ${await response.text()}`);
      await sleep(50);
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const bench: Bench = {
  name: 'memory-restart',
  title: '6. Memory and restart',
  async run(ctx) {
    const log = await ensureLog(logEventsFor(ctx.quick), ctx.log);
    let viaHttp = true;
    const ready: number[] = [];
    const caughtUp: number[] = [];
    const heap: number[] = [];
    const json: number[] = [];
    let authorizations = 0;
    for (let run = 1; run <= ctx.runs; run++) {
      const child = await timeToCaughtUpInChild(log.file);
      caughtUp.push(child.caughtUpMs / 1000);
      heap.push(child.heapBytesPerAuthorization);
      json.push(child.jsonBytesPerAuthorization);
      authorizations = child.authorizations;
      let line = `run ${run}/${ctx.runs}: runner caughtUp ${(child.caughtUpMs / 1000).toFixed(1)} s, heap ${Math.round(child.heapBytesPerAuthorization)} B/authorization (JSON ${Math.round(
        child.jsonBytesPerAuthorization,
      )} B)`;
      if (viaHttp) {
        const http = await timeToReadyViaHttp(log.file, ctx.dir);
        if (http) {
          ready.push(http.ms / 1000);
          line += `, API ready ${(http.ms / 1000).toFixed(1)} s`;
        } else {
          viaHttp = false;
          ctx.log('GET /health/ready answers 404: timing a ProjectionRunner to caughtUp instead');
        }
      }
      ctx.log(line);
    }
    const size = `${log.events.toLocaleString('en-US')} events; ${authorizations.toLocaleString('en-US')} authorizations`;
    const rows = [
      viaHttp
        ? row({ id: 'restart.ready', label: 'start -> GET /health/ready 200 (the API, embedded default)', unit: 's', size, values: ready, target: target.atMost(10, 's') })
        : row({
            id: 'restart.ready',
            label: 'start -> ProjectionRunner caughtUp (no /health/ready route yet)',
            unit: 's',
            size,
            values: caughtUp,
            target: target.atMost(10, 's'),
          }),
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
          ? 'time to ready: node dist/apps/api/src/main.js on a copy of the log, from spawn to the first 200 of GET /health/ready (polled every 50 ms)'
          : 'time to ready: no GET /health/ready yet, so a fresh process running every projection to caughtUp stands in (switch: timeToReadyViaHttp in bench/memory-restart.ts)',
        'heap: process.memoryUsage().heapUsed after two full collections, with the read models built minus before, divided by the authorizations (every collection and index counted)',
      ],
    };
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
