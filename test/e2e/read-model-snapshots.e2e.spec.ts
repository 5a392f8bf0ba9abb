// Read-model snapshots on the embedded default: loaded at start instead of replaying the whole log,
// they must give exactly the read models a full replay gives; a snapshot by other projection code,
// of another log, cut short or corrupt is ignored (the log is replayed instead); events appended
// after a snapshot are caught up from the log. The log is a real one: the pages' world, written
// through the API, copied into log files of each test's own.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type Database from 'better-sqlite3';
import { upcastEvent } from '#libs/domain';
import { type EventStore, SqliteEventStore, type StoredEvent } from '#libs/event-store';
import { openOperationalDatabase } from '#libs/operational';
import { MemoryReadStore, PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner, ReadModelSnapshots, SqliteSnapshotStore } from '#libs/read-models';
import { InProcessProjector } from '../../libs/shell/src/read-side/projector.service.js';
import { startApi, type TestApi } from '../support/app.js';
import { expectStatus, T0 } from './helpers.js';
import { buildWorld, PARTNER_A } from './pages.world.js';

const NAMES = PROJECTION_COLLECTIONS.map((c) => c.name);
const projected = (store: MemoryReadStore) => Object.fromEntries(Object.entries(store.snapshot()).filter(([name]) => NAMES.includes(name)));
const dirs: string[] = [];

interface LogFile {
  dir: string;
  events: SqliteEventStore;
  db: Database.Database;
  snapshots: () => ReadModelSnapshots;
}

async function append(store: EventStore, events: readonly StoredEvent[], fresh = false): Promise<void> {
  await Promise.all(
    events.map((e) => store.append(e.streamName, [{ eventId: fresh ? randomUUID() : e.eventId, type: e.type, data: e.data, metadata: e.metadata }], 'any')),
  );
}

async function logFile(events: readonly StoredEvent[], fresh = false): Promise<LogFile> {
  const dir = mkdtempSync(join(tmpdir(), 'tsp-snapshots-'));
  dirs.push(dir);
  const file = join(dir, 'events.db');
  const log = new SqliteEventStore({ file, upcast: upcastEvent });
  log.db.pragma('synchronous = OFF'); // test data: no fsync per group commit
  await append(log, events, fresh);
  const db = openOperationalDatabase(file);
  // Small chunks: every collection spans several.
  return {
    dir,
    events: log,
    db,
    snapshots: () => new ReadModelSnapshots(new SqliteSnapshotStore(db), PROJECTIONS, PROJECTION_COLLECTIONS, { chunkDocuments: 40 }),
  };
}

/** Runs every projection from the store's checkpoints to the log's head; the events it applied. */
async function catchUp(log: EventStore, store = new MemoryReadStore()): Promise<{ store: MemoryReadStore; applied: number; runner: ProjectionRunner }> {
  let applied = 0;
  const runner = new ProjectionRunner(log, store, PROJECTIONS, PROJECTION_COLLECTIONS, { onApplied: (_p, n) => (applied += n) });
  await runner.start();
  await runner.caughtUp;
  await runner.stop();
  expect(runner.position).toBe(await log.headPosition());
  return { store, applied, runner };
}

describe('read-model snapshots', () => {
  let api: TestApi;
  let log: StoredEvent[];
  let full: Record<string, unknown>;

  beforeAll(async () => {
    api = await startApi({ now: T0, config: { processIntervalMs: 3_600_000 } });
    await buildWorld(api);
    log = await api.store.readAll({ fromPosition: 0n, limit: 1_000_000 });
    full = projected((await catchUp(api.store)).store);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a snapshot loaded at start gives exactly the read models of a full replay, and nothing is replayed', async () => {
    const file = await logFile(log);
    const built = (await catchUp(file.events)).store;
    const written = await file.snapshots().write(built, file.events);
    expect(written).toMatchObject({ written: true, position: BigInt(log.length) });
    expect(written.documents).toBeGreaterThan(log.length / 4);

    const restored = await file.snapshots().restore(new MemoryReadStore(), file.events);
    expect(restored).toMatchObject({ restored: true, position: BigInt(log.length), documents: written.documents });
    const into = new MemoryReadStore();
    await file.snapshots().restore(into, file.events);
    const { applied } = await catchUp(file.events, into);
    expect(applied).toBe(0);
    expect(projected(into)).toStrictEqual(projected(built));
    expect(projected(into)).toEqual(full);
  });

  it('events appended after the snapshot are caught up from the log', async () => {
    const cut = Math.floor(log.length * 0.6);
    const file = await logFile(log.slice(0, cut));
    const written = await file.snapshots().write((await catchUp(file.events)).store, file.events);
    expect(written.position).toBe(BigInt(cut));
    await append(file.events, log.slice(cut));

    const into = new MemoryReadStore();
    expect(await file.snapshots().restore(into, file.events)).toMatchObject({ restored: true, position: BigInt(cut) });
    const { applied } = await catchUp(file.events, into);
    expect(applied).toBe(log.length - cut);
    expect(projected(into)).toStrictEqual(projected((await catchUp(file.events)).store));
    expect(projected(into)).toEqual(full);
  });

  it('a snapshot written while the projections go on applying events, between its chunks, loads into exactly the read models of a full replay', async () => {
    const cut = Math.floor(log.length * 0.5);
    const file = await logFile(log.slice(0, cut));
    const store = new MemoryReadStore();
    const runner = new ProjectionRunner(file.events, store, PROJECTIONS, PROJECTION_COLLECTIONS);
    await runner.start();
    await runner.caughtUp;
    // Tiny chunks: the write yields after every 3 documents, and the rest of the log is appended
    // (and applied by the live runner: updates, deletions, new documents) one event at a time meanwhile.
    const snapshots = new ReadModelSnapshots(new SqliteSnapshotStore(file.db), PROJECTIONS, PROJECTION_COLLECTIONS, { chunkDocuments: 3 });
    const writing = snapshots.write(store, file.events);
    let appliedDuring = 0;
    let finished = false;
    void writing.finally(() => (finished = true));
    for (const event of log.slice(cut)) {
      if (finished) break;
      await append(file.events, [event]);
      await runner.waitFor(await file.events.headPosition(), 5_000);
      appliedDuring++;
    }
    const written = await writing;
    await runner.stop();
    expect(written).toMatchObject({ written: true, position: BigInt(cut) });
    expect(appliedDuring).toBeGreaterThan(10);
    await append(file.events, log.slice(cut + appliedDuring));

    const into = new MemoryReadStore();
    expect(await file.snapshots().restore(into, file.events)).toMatchObject({ restored: true, position: BigInt(cut) });
    const { applied } = await catchUp(file.events, into);
    expect(applied).toBe(log.length - cut);
    expect(projected(into)).toEqual(full);
  });

  it('a snapshot written by other projection code is ignored, and the log replayed', async () => {
    const file = await logFile(log);
    await file.snapshots().write((await catchUp(file.events)).store, file.events);
    // Another projection set (a renamed projection) and a bumped PROJECTIONS_VERSION.
    const renamed = PROJECTIONS.map((p) => (p.name === 'webhooks' ? { ...p, name: 'webhooks-v2' } : p));
    const other = new ReadModelSnapshots(new SqliteSnapshotStore(file.db), renamed, PROJECTION_COLLECTIONS);
    expect(await other.restore(new MemoryReadStore(), file.events)).toMatchObject({
      restored: false,
      reason: expect.stringContaining('other projection code'),
    });
    const current = file.snapshots().version;
    file.db.prepare('UPDATE read_model_snapshots SET version = ?').run(`${Number(current.split('-')[0]) - 1}-${current.split('-')[1]}`);
    const into = new MemoryReadStore();
    expect(await file.snapshots().restore(into, file.events)).toMatchObject({ restored: false, reason: expect.stringContaining('other projection code') });
    const { applied } = await catchUp(file.events, into);
    expect(applied).toBe(log.length);
    expect(projected(into)).toEqual(full);
  });

  it.each([
    [
      'a chunk is truncated',
      (db: Database.Database) => db.prepare('UPDATE read_model_snapshot_chunks SET data = substr(data, 1, length(data) / 2) WHERE seq = 3').run(),
    ],
    ['a chunk is missing', (db: Database.Database) => db.prepare('DELETE FROM read_model_snapshot_chunks WHERE seq = 5').run()],
    [
      'a row does not fit its shape',
      (db: Database.Database) => db.prepare("UPDATE read_model_snapshot_chunks SET data = replace(data, '[0,', '[0,1,') WHERE seq = 2").run(),
    ],
    ['the header counts other documents', (db: Database.Database) => db.prepare('UPDATE read_model_snapshots SET documents = documents + 1').run()],
  ])('a corrupt snapshot is ignored (%s): the store is emptied and the log replayed', async (_case, corrupt) => {
    const file = await logFile(log);
    await file.snapshots().write((await catchUp(file.events)).store, file.events);
    corrupt(file.db);
    const into = new MemoryReadStore();
    expect(await file.snapshots().restore(into, file.events)).toMatchObject({ restored: false, reason: expect.stringContaining('not usable') });
    expect(Object.values(projected(into)).flat()).toEqual([]);
    for (const p of PROJECTIONS) expect(await into.checkpoint(p.name)).toBe(0n);
    const { applied } = await catchUp(file.events, into);
    expect(applied).toBe(log.length);
    expect(projected(into)).toEqual(full);
  });

  it('a snapshot of another log is ignored: one ahead of the log, or with another event at its position', async () => {
    const file = await logFile(log);
    await file.snapshots().write((await catchUp(file.events)).store, file.events);
    const shorter = await logFile(log.slice(0, 10));
    const other = await logFile(log, true); // the same events under new ids
    for (const events of [shorter.events, other.events])
      expect(await file.snapshots().restore(new MemoryReadStore(), events)).toMatchObject({
        restored: false,
        reason: expect.stringMatching(/another log|another event/),
      });
  });

  it('a write past its deadline is discarded and the previous snapshot stays in force; leftovers are cleaned up', async () => {
    const cut = Math.floor(log.length / 2);
    const file = await logFile(log.slice(0, cut));
    const snapshots = file.snapshots();
    await snapshots.write((await catchUp(file.events)).store, file.events);
    await append(file.events, log.slice(cut));
    const late = await snapshots.write((await catchUp(file.events)).store, file.events, { deadline: performance.now() - 1 });
    expect(late).toMatchObject({ written: false, reason: expect.stringContaining('deadline') });
    expect(await file.snapshots().restore(new MemoryReadStore(), file.events)).toMatchObject({ restored: true, position: BigInt(cut) });
    // A snapshot cut short by a crash (a header never completed) is never read, and is removed.
    file.db.prepare("INSERT INTO read_model_snapshots (version, position, checkpoints, created_at) VALUES ('x', 1, '{}', '')").run();
    await snapshots.cleanUp();
    expect(file.db.prepare('SELECT count(*) AS n FROM read_model_snapshots').get()).toEqual({ n: 1 });
    expect(file.db.prepare('SELECT count(DISTINCT snapshot_id) AS n FROM read_model_snapshot_chunks').get()).toEqual({ n: 1 });
  });

  it('the API writes one at graceful shutdown and loads it at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsp-snapshots-api-'));
    dirs.push(dataDir);
    const first = await startApi({ now: T0, dataDir, config: { processIntervalMs: 3_600_000 } });
    const published = await first
      .as(PARTNER_A)
      .post('/v1/services', { name: 'Snap', visibility: 'PUBLIC', markets: ['EU'], requestedScopes: { dataCompass: true } });
    expectStatus(published, 201);
    await first.close();

    const second = await startApi({ now: T0, dataDir, config: { processIntervalMs: 3_600_000 } });
    try {
      expect(second.app.get(InProcessProjector).restored).toMatchObject({ restored: true, position: await second.store.headPosition() });
      expect(projected(second.readStore)).toEqual(projected((await catchUp(second.store)).store));
      const page = await second.as(PARTNER_A).get('/v1/partner/services');
      expectStatus(page, 200);
      expect(JSON.stringify(page.body)).toContain(published.body.serviceId);
    } finally {
      await second.close();
    }
  });
});
