// A fresh process that does what the embedded API does at start on the read side: opens the log,
// runs every projection into a new MemoryReadStore until caughtUp. Reports the time from its own
// start (performance.now() counts from the process's time origin) and the heap the read models
// hold once built (after full collections), per authorization, beside the authorization's JSON size.
// Usage: node --expose-gc dist/bench/support/restart-child.js <log.db>
import { SqliteEventStore } from '#libs/event-store';
import { MemoryReadStore, ProjectionRunner } from '#libs/read-models';
import { gc } from './context.js';
import { PROJECTION_COLLECTIONS, PROJECTIONS } from './readstore.js';

export interface RestartReport {
  caughtUpMs: number;
  events: number;
  authorizations: number;
  heapBytes: number;
  jsonBytesPerAuthorization: number;
  heapBytesPerAuthorization: number;
}

const jsonSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? Number(value) : value);

async function main(file: string): Promise<RestartReport> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const events = new SqliteEventStore({ file });
  const store = new MemoryReadStore();
  const runner = new ProjectionRunner(events, store, PROJECTIONS, PROJECTION_COLLECTIONS);
  await runner.start();
  await runner.caughtUp;
  const caughtUpMs = performance.now();
  const head = Number(await events.headPosition());
  await runner.stop();
  await events.close();
  gc();
  const heapBytes = process.memoryUsage().heapUsed - heapBefore;
  const authorizations = store.snapshot().authorizations ?? [];
  let json = 0;
  for (const doc of authorizations) json += Buffer.byteLength(JSON.stringify(doc, jsonSafe));
  const n = authorizations.length;
  return {
    caughtUpMs,
    events: head,
    authorizations: n,
    heapBytes,
    jsonBytesPerAuthorization: n ? json / n : Number.NaN,
    heapBytesPerAuthorization: n ? heapBytes / n : Number.NaN,
  };
}

const file = process.argv[2];
if (!file || !process.send) {
  console.error('usage: node --expose-gc restart-child.js <log.db> (forked, with an IPC channel)');
  process.exit(2);
}
main(file).then(
  (report) => process.send!({ type: 'report', report }, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
