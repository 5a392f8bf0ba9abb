// 1. Event store appends through the port (no HTTP): single-event appends to distinct streams,
// durable (the adapter commits with synchronous=FULL before an append resolves), from 1 and from
// 32 concurrent writers. Baseline S: plain better-sqlite3, WAL, synchronous=FULL, one row per
// transaction, same run. Peer: Emmett's SQLite event store, same run (full run only). After every
// run each acknowledged append is read back: the count of missing ones is reported.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type NewEvent, SqliteEventStore } from '#libs/event-store';
import { type Bench, gc, isEntryPoint } from './support/context.js';
import { type EmmettSqlite, loadEmmett, withQuietConsole } from './support/emmett.js';
import { drive, StrayErrors } from './support/drive.js';
import { runStandalone } from './support/execute.js';
import { row, target } from './support/report.js';
import { serviceFacts } from './support/synthetic.js';

const WRITERS = 32;
/**
 * Each measurement stops at n appends or after this long, whichever comes first (its rate is what
 * it did over the time it took): a shared disk can turn fsyncs 20x slower for minutes, and the
 * peer's failing writers wait out a 1 s busy timeout each.
 */
let maxMs = 15_000;

/** The event every append carries: an AuthorizationGranted of the product's shape (~0.6 kB). */
function anEvent(i: number): NewEvent {
  const service = serviceFacts(1, 0);
  const at = new Date(Date.UTC(2026, 2, 1) + i * 1000).toISOString();
  return {
    eventId: randomUUID(),
    type: 'AuthorizationGranted',
    data: {
      authorizationId: `au_${Buffer.from(`partner-1~seller-${i}~${service.serviceId}`).toString('base64url')}`,
      partnerId: 'partner-1',
      sellerId: `seller-${i}`,
      serviceId: service.serviceId,
      serviceName: service.name,
      market: 'US_L2L',
      scopes: { authorizedObject: 'SHOP', shopOperationTicket: true, sellerCenterRoles: ['FULFILLMENT_SPECIALIST'], dataCompass: true },
      validityDays: 365,
      autoRenew: false,
      grantedAt: at,
      expiresAt: new Date(Date.parse(at) + 365 * 86_400_000).toISOString(),
    },
    metadata: { actor: { role: 'seller', sub: `seller-${i}` }, correlationId: randomUUID(), causationId: null, occurredAt: at, schemaVersion: 1 },
  };
}

const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
};

/** The same table and indexes as the adapter's log, so that S pays for the same index upkeep. */
const BASELINE_SCHEMA = `
CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, revision INTEGER NOT NULL,
  type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, revision));
CREATE INDEX events_by_type ON events (type, position);`;

interface Measured {
  rate: number;
  ms: number;
  acked: number;
  missing: number;
  failed: number;
}

/** Sums of several slices of one kind of measurement; its rate is all acknowledged over all the time. */
class Tally {
  ms = 0;
  acked = 0;
  missing = 0;
  failed = 0;
  add(m: Measured): this {
    this.ms += m.ms;
    this.acked += m.acked;
    this.missing += m.missing;
    this.failed += m.failed;
    return this;
  }
  get rate(): number {
    return this.ms > 0 ? this.acked / (this.ms / 1000) : Number.NaN;
  }
}

/**
 * Each run interleaves its measurements in slices (S, ours x1, ours x32, peer x1, peer x32, then
 * again): a shared disk's fsync rate drifts by 10x within a minute, and interleaving makes every
 * kind see the same drift, so that their same-run ratios compare like with like.
 */
const SLICES = 4;

/** Baseline S: one INSERT per transaction, each committed with an fsync (WAL, synchronous=FULL). */
function baselineS(file: string, n: number, events: NewEvent[]): Measured {
  removeDb(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(BASELINE_SCHEMA);
  const insert = db.prepare('INSERT INTO events (position, event_id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const one = db.transaction((i: number, e: NewEvent) =>
    insert.run(i + 1, e.eventId, `binding-s-${i}`, 0, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)),
  );
  const started = performance.now();
  let done = 0;
  for (let i = 0; i < n && (i % 100 !== 0 || performance.now() - started < maxMs); i++, done++) one(i, events[i]!);
  const ms = performance.now() - started;
  const count = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  db.close();
  removeDb(file);
  return { rate: done / (ms / 1000), ms, acked: done, missing: done - count, failed: 0 };
}

/** Every acknowledged append read back through the port, from a fresh adapter on the file. */
async function missingFromOurs(file: string, acked: ReadonlySet<string>): Promise<number> {
  const store = new SqliteEventStore({ file });
  const seen = new Set<string>();
  try {
    let from = 0n;
    for (;;) {
      const page = await store.readAll({ fromPosition: from, limit: 5_000 });
      if (page.length === 0) break;
      for (const e of page) seen.add(e.eventId);
      from = page[page.length - 1]!.position;
    }
  } finally {
    await store.close();
  }
  let missing = 0;
  for (const id of acked) if (!seen.has(id)) missing++;
  return missing;
}

async function ours(file: string, n: number, writers: number, events: NewEvent[]): Promise<Measured & { synchronous: number; journal: string }> {
  removeDb(file);
  const store = new SqliteEventStore({ file });
  const synchronous = store.db.pragma('synchronous', { simple: true }) as number;
  const journal = store.db.pragma('journal_mode', { simple: true }) as string;
  const acked = new Set<string>();
  const { ms, failed } = await drive(n, writers, maxMs, async (i) => {
    const e = events[i]!;
    await store.append(`binding-bench-${i}`, [e], 'no_stream');
    acked.add(e.eventId);
  });
  await store.close();
  const missing = await missingFromOurs(file, acked);
  removeDb(file);
  return { rate: acked.size / (ms / 1000), ms, acked: acked.size, missing, failed, synchronous, journal };
}

/** The peer, same shape of work: appendToStream to distinct streams from `writers` loops. */
/** A peer's append that has not settled by then is counted as failed (its driver lost the callback). */
const PEER_APPEND_TIMEOUT_MS = 10_000;

async function emmett(
  module: EmmettSqlite,
  file: string,
  n: number,
  writers: number,
  events: NewEvent[],
): Promise<Measured & { logged: number; hung: number }> {
  removeDb(file);
  const store = module.getSQLiteEventStore({ fileName: file, schema: { autoMigration: 'CreateOrUpdate' } });
  await store.appendToStream('warmup-0', [{ type: 'Warmup', data: {} }]); // creates the schema, outside the timing
  const acked: string[] = [];
  const { result: driven, suppressed } = await withQuietConsole(() =>
    drive(
      n,
      writers,
      maxMs,
      async (i) => {
        const e = events[i]!;
        const stream = `binding-bench-${i}`;
        await store.appendToStream(stream, [{ type: e.type, data: e.data, metadata: e.metadata }]);
        acked.push(stream);
      },
      PEER_APPEND_TIMEOUT_MS,
    ),
  );
  const { ms, failed, hung } = driven;
  const db = new Database(file, { readonly: true });
  const seen = new Set((db.prepare('SELECT stream_id FROM emt_messages').all() as Array<{ stream_id: string }>).map((r) => r.stream_id));
  db.close();
  removeDb(file);
  return { rate: acked.length / (ms / 1000), ms, acked: acked.length, missing: acked.filter((s) => !seen.has(s)).length, failed, hung, logged: suppressed };
}

async function emmettSynchronous(module: EmmettSqlite, file: string): Promise<string> {
  removeDb(file);
  const connection = module.sqliteConnection({ fileName: file });
  try {
    const journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    return `journal_mode=${journal?.journal_mode}, synchronous=${sync?.synchronous} (${['OFF', 'NORMAL', 'FULL', 'EXTRA'][sync?.synchronous ?? -1] ?? '?'})`;
  } finally {
    connection.close();
    removeDb(file);
  }
}

export const bench: Bench = {
  name: 'appends',
  title: '1. Event store appends',
  async run(ctx) {
    const n1 = ctx.quick ? 2_000 : 10_000;
    const n32 = ctx.quick ? 8_000 : 40_000;
    const peerN1 = 1_000;
    const peerN32 = 2_000;
    maxMs = (ctx.quick ? 4_000 : 15_000) / SLICES;
    const file = join(ctx.dir, 'appends.db');
    const size = `${n1.toLocaleString('en-US')} (1 writer) / ${n32.toLocaleString('en-US')} (32 writers) appends or ${(maxMs * SLICES) / 1000} s, in ${SLICES} interleaved slices`;
    const notes: string[] = [];
    const events = Array.from({ length: Math.max(n1, n32) }, (_, i) => anEvent(i));

    const peer = ctx.quick ? ({ ok: false, reason: 'skipped by --quick' } as const) : await loadEmmett(ctx.log);
    if (peer.ok) {
      try {
        const peerDurability = await emmettSynchronous(peer.module, join(ctx.dir, 'peer-pragma.db'));
        notes.push(
          `peer: @event-driven-io/emmett-sqlite ${peer.version} on node-sqlite3; its connections run ${peerDurability} (its defaults: it sets no synchronous pragma; a new connection per operation)`,
        );
      } catch (error) {
        notes.push(`peer: @event-driven-io/emmett-sqlite ${peer.version}: its synchronous pragma could not be read (${(error as Error).message})`);
      }
    }

    const s: number[] = [];
    const one: number[] = [];
    const many: number[] = [];
    const missing: number[] = [];
    const failed: number[] = [];
    const peerOne: number[] = [];
    const peerMany: number[] = [];
    const peerMissing: number[] = [];
    const peerFailed: number[] = [];
    let peerError: string | undefined;
    // node-sqlite3 (the peer's driver) emits 'error' on a Statement nobody listens to (SQLITE_BUSY
    // on a BEGIN, "cannot change into wal mode from within a transaction"): thrown outside any of
    // the peer's promises, it would end this whole process and lose every figure of the run. They
    // are counted per run as the peer's stray errors instead (a figure of the peer).
    const strays = new StrayErrors();
    const peerStrays: number[] = [];
    const peerHung: number[] = [];
    const unlisten = peer.ok ? strays.listen() : () => {};
    let durability = '';

    // Warm-up (JIT, file system), not measured.
    baselineS(file, 200, events);
    await ours(file, 200, 1, events);
    await ours(file, 400, WRITERS, events);

    for (let run = 1; run <= ctx.runs; run++) {
      const tS = new Tally();
      const t1 = new Tally();
      const t32 = new Tally();
      const p1 = new Tally();
      const p32 = new Tally();
      const straysBefore = strays.total;
      let hung = 0;
      for (let slice = 0; slice < SLICES; slice++) {
        gc();
        tS.add(baselineS(file, n1 / SLICES, events));
        gc();
        const a = await ours(file, n1 / SLICES, 1, events);
        t1.add(a);
        gc();
        t32.add(await ours(file, n32 / SLICES, WRITERS, events));
        durability = `journal_mode=${a.journal}, synchronous=${a.synchronous} (${['OFF', 'NORMAL', 'FULL', 'EXTRA'][a.synchronous] ?? '?'})`;
        if (peer.ok && !peerError) {
          try {
            gc();
            const a1 = await strays.during(() => emmett(peer.module, file, peerN1 / SLICES, 1, events));
            p1.add(a1);
            gc();
            const a32 = await strays.during(() => emmett(peer.module, file, peerN32 / SLICES, WRITERS, events));
            p32.add(a32);
            hung += a1.hung + a32.hung;
          } catch (error) {
            peerError = (error as Error).message.split('\n')[0]!;
          }
        }
      }
      s.push(tS.rate);
      one.push(t1.rate);
      many.push(t32.rate);
      missing.push(t1.missing + t32.missing);
      failed.push(t1.failed + t32.failed);
      let peerLine = '';
      if (peer.ok && !peerError) {
        peerOne.push(p1.rate);
        peerMany.push(p32.rate);
        peerMissing.push(p1.missing + p32.missing);
        peerFailed.push(p1.failed + p32.failed);
        peerStrays.push(strays.total - straysBefore);
        peerHung.push(hung);
        peerLine = `, peer ${Math.round(p1.rate)}/s (1) ${Math.round(p32.rate)}/s (32: ${p32.acked} acknowledged, ${p32.failed} failed, ${p1.missing + p32.missing} missing, ${
          strays.total - straysBefore
        } stray errors)`;
      }
      ctx.log(
        `run ${run}/${ctx.runs}: S ${Math.round(tS.rate)}/s, ours 1 writer ${Math.round(t1.rate)}/s, 32 writers ${Math.round(t32.rate)}/s, missing ${t1.missing + t32.missing}, failed ${
          t1.failed + t32.failed
        }${peerLine}`,
      );
    }
    notes.push(`ours: SqliteEventStore (group commit), ${durability}; S: better-sqlite3 WAL synchronous=FULL, same schema, one row per transaction`);

    const rows = [
      row({
        id: 'appends.baseline-s',
        label: 'S: better-sqlite3 WAL FULL, 1 row/transaction',
        unit: 'appends/s',
        size: `${n1.toLocaleString('en-US')} rows`,
        values: s,
      }),
      row({
        id: 'appends.1-writer',
        label: 'ours, 1 writer',
        unit: 'appends/s',
        size,
        values: one,
        baseline: { label: 'S', values: s },
        target: target.ratioAtLeast(0.8, 'S'),
      }),
      row({
        id: 'appends.32-writers',
        label: 'ours, 32 writers',
        unit: 'appends/s',
        size,
        values: many,
        baseline: { label: 'S', values: s },
        target: target.ratioAtLeast(3, 'S'),
      }),
      row({ id: 'appends.missing', label: 'ours: acknowledged appends missing on read-back', unit: 'count', size, values: missing, target: target.exactly(0) }),
      row({ id: 'appends.failed', label: 'ours: appends that failed', unit: 'count', size, values: failed }),
    ];
    // Strays may still come after the peer's last operation: listening ends only here.
    await new Promise((r) => setTimeout(r, 100));
    unlisten();
    if (strays.total) notes.push(`peer: ${strays.total} error(s) emitted by node-sqlite3 outside any promise (${strays.describe()}): counted, not fatal`);
    const unavailable = !peer.ok ? peer.reason : peerError;
    if (unavailable) {
      rows.push(row({ id: 'appends.peer', label: `peer: unavailable (${unavailable})`, unit: '', values: [] }));
      notes.push(`peer: unavailable (${unavailable})`);
    } else {
      const peerSize = `${peerN1.toLocaleString('en-US')} / ${peerN32.toLocaleString('en-US')} appends or ${(maxMs * SLICES) / 1000} s`;
      rows.push(
        row({
          id: 'appends.peer-1-writer',
          label: 'peer Emmett SQLite, 1 writer',
          unit: 'appends/s',
          size: peerSize,
          values: peerOne,
          baseline: { label: 'S', values: s },
        }),
        row({
          id: 'appends.peer-32-writers',
          label: 'peer Emmett SQLite, 32 writers',
          unit: 'appends/s',
          size: peerSize,
          values: peerMany,
          baseline: { label: 'S', values: s },
        }),
        row({ id: 'appends.vs-peer-1', label: 'ours vs peer, 1 writer', unit: 'appends/s', size, values: one, baseline: { label: 'peer', values: peerOne } }),
        row({
          id: 'appends.vs-peer-32',
          label: 'ours vs peer, 32 writers',
          unit: 'appends/s',
          size,
          values: many,
          baseline: { label: 'peer', values: peerMany },
        }),
        row({ id: 'appends.peer-missing', label: 'peer: acknowledged appends missing on read-back', unit: 'count', size: peerSize, values: peerMissing }),
        row({
          id: 'appends.peer-failed',
          label: 'peer: appends that failed (rejected, or unsettled after 10 s)',
          unit: 'count',
          size: peerSize,
          values: peerFailed,
        }),
        row({ id: 'appends.peer-hung', label: 'peer: of those, appends that never settled', unit: 'count', size: peerSize, values: peerHung }),
        row({
          id: 'appends.peer-strays',
          label: 'peer: errors thrown outside any promise (node-sqlite3 events)',
          unit: 'count',
          size: peerSize,
          values: peerStrays,
        }),
      );
    }
    return { size, rows, notes };
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
