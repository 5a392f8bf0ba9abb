// 3. Projection rebuild: every read model rebuilt from a log of 1,000,000 events (10,000 with
// --quick) by the product's ProjectionRunner into the embedded MemoryReadStore, against reading
// the same log with plain better-sqlite3 keyset paging (baseline R), in the same run.
import Database from 'better-sqlite3';
import { SqliteEventStore } from '#libs/event-store';
import { MemoryReadStore, ProjectionRunner } from '#libs/read-models';
import { type Bench, gc, isEntryPoint } from './support/context.js';
import { ensureLog } from './support/datasets.js';
import { runStandalone } from './support/execute.js';
import { PROJECTION_COLLECTIONS, PROJECTIONS } from './support/readstore.js';
import { row, target } from './support/report.js';

/** The same page size as the runner's default batch. */
const PAGE = 1_000;

/** The log's size: 1,000,000 events; --quick: 10,000 (the quick run must stay under 2 minutes on 2 busy cores). */
export const logEventsFor = (quick: boolean) => (quick ? 10_000 : 1_000_000);

interface EventRow {
  position: number;
  data: string;
  metadata: string;
}

/** Baseline R: every row of the log, a page at a time by position (no parsing). */
export function readLogPlain(file: string, parse = false): { events: number; ms: number } {
  const db = new Database(file, { readonly: true });
  try {
    const page = db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    const started = performance.now();
    let last = 0;
    let events = 0;
    let touched = 0;
    for (;;) {
      const rows = page.all(last, PAGE);
      if (rows.length === 0) break;
      for (const r of rows) {
        if (parse) touched += (JSON.parse(r.data) as object) && (JSON.parse(r.metadata) as object) ? 1 : 0;
        else touched += r.data.length + r.metadata.length;
      }
      events += rows.length;
      last = rows[rows.length - 1]!.position;
    }
    const ms = performance.now() - started;
    if (touched === 0 && events > 0) throw new Error('read nothing');
    return { events, ms };
  } finally {
    db.close();
  }
}

/** Every read model from position 0 by the product's runner, until it reports caughtUp. */
export async function rebuildAll(file: string): Promise<{ events: number; ms: number; store: MemoryReadStore }> {
  const started = performance.now();
  const log = new SqliteEventStore({ file });
  const store = new MemoryReadStore();
  const runner = new ProjectionRunner(log, store, PROJECTIONS, PROJECTION_COLLECTIONS);
  try {
    await runner.start();
    await runner.caughtUp;
    const ms = performance.now() - started;
    const head = await log.headPosition();
    if (runner.position !== head) throw new Error(`the runner stopped at ${runner.position}, the log's head is ${head}`);
    return { events: Number(head), ms, store };
  } finally {
    await runner.stop();
    await log.close();
  }
}

export const bench: Bench = {
  name: 'rebuild',
  title: '3. Projection rebuild',
  async run(ctx) {
    const log = await ensureLog(logEventsFor(ctx.quick), ctx.log);
    const size = `${log.events.toLocaleString('en-US')} events`;
    const plain: number[] = [];
    const parsed: number[] = [];
    const rebuilt: number[] = [];
    const seconds: number[] = [];
    readLogPlain(log.file); // warm the page cache and the statement path once
    for (let run = 1; run <= ctx.runs; run++) {
      gc();
      const r = readLogPlain(log.file);
      plain.push(r.events / (r.ms / 1000));
      gc();
      const p = readLogPlain(log.file, true);
      parsed.push(p.events / (p.ms / 1000));
      gc();
      const b = await rebuildAll(log.file);
      if (b.events !== r.events) throw new Error(`rebuilt ${b.events} events, the log has ${r.events}`);
      const partner0 = await b.store.count('authorizations', { partnerId: 'partner-0' });
      if (partner0 === 0) throw new Error('the rebuilt authorizations read model is empty');
      rebuilt.push(b.events / (b.ms / 1000));
      seconds.push(b.ms / 1000);
      ctx.log(
        `run ${run}/${ctx.runs}: R ${Math.round(plain.at(-1)!).toLocaleString('en-US')} ev/s, R+parse ${Math.round(parsed.at(-1)!).toLocaleString(
          'en-US',
        )} ev/s, rebuild ${Math.round(rebuilt.at(-1)!).toLocaleString('en-US')} ev/s (${(b.ms / 1000).toFixed(1)} s)`,
      );
    }
    return {
      size,
      rows: [
        row({ id: 'rebuild.baseline-read', label: 'R: read log, plain better-sqlite3 keyset paging', unit: 'events/s', size, values: plain }),
        row({
          id: 'rebuild.baseline-read-parse',
          label: 'read log + JSON.parse data, metadata (info)',
          unit: 'events/s',
          size,
          values: parsed,
          baseline: { label: 'R', values: plain },
        }),
        row({
          id: 'rebuild.all-read-models',
          label: `rebuild every read model (${PROJECTIONS.length} projections -> MemoryReadStore)`,
          unit: 'events/s',
          size,
          values: rebuilt,
          baseline: { label: 'R', values: plain },
          target: target.ratioAtLeast(0.3, 'R'),
        }),
        row({ id: 'rebuild.seconds', label: 'rebuild time', unit: 's', size, values: seconds }),
      ],
      notes: [
        `log written through the event store port at ${Math.round(log.events / (log.writeMs / 1000)).toLocaleString('en-US')} events/s (${(log.bytes / 2 ** 20).toFixed(0)} MiB)`,
      ],
    };
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
