import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Decider } from '#libs/domain';
import { handleCommand } from './command-handler.js';
import type { NewEvent, StoredEvent } from './port.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';
import { type CommittingStore, foldStream, StreamStateCache, UncachedStreamStates } from './state-cache.js';

// A counter: `Added` events add to it; the decider refuses nothing and records what it saw.
type Added = { type: 'Added'; data: { by: number; seen: number; tags?: string[] } };
interface Counter {
  total: number;
  events: number;
  tags: string[];
}
const counter: Decider<{ type: 'Add'; by: number }, Counter, Added> = {
  initialState: () => ({ total: 0, events: 0, tags: [] }),
  evolve: (s, e) => ({ total: s.total + e.data.by, events: s.events + 1, tags: [...s.tags, ...(e.data.tags ?? [])] }),
  decide: (c, s) => [{ type: 'Added', data: { by: c.by, seen: s.total } }],
};
// Another folder over the same streams: the cache keeps one state per folder.
const lastSeen = { initialState: () => -1, evolve: (_: number, e: Added) => e.data.seen };

const added = (by: number, extra: Partial<Added['data']> = {}): NewEvent => ({
  eventId: crypto.randomUUID(),
  type: 'Added',
  data: { by, seen: 0, ...extra },
  metadata: { actor: { role: 'system', sub: 'test' }, correlationId: 'c', causationId: null, occurredAt: '2026-03-01T10:00:00.000Z', schemaVersion: 1 },
});
const context = { actor: { role: 'system', sub: 'test' }, correlationId: 'c', causationId: null, now: '2026-03-01T10:00:00.000Z' };

const dir = mkdtempSync(join(tmpdir(), 'tsp-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const open: SqliteEventStore[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
function sqlite(file = ':memory:', upcast?: (e: StoredEvent) => StoredEvent): SqliteEventStore {
  const store = new SqliteEventStore({ file, ...(upcast && { upcast }) });
  open.push(store);
  return store;
}
/** What a read of the store folds now: what every cached read must equal. */
const fresh = async (store: SqliteEventStore, stream: string) => foldStream(await store.readStream(stream), counter);

/** Two connections to one file, s-1 appended through the first, and a cache on the first. */
async function twoConnections(fileName: string) {
  const file = join(dir, fileName);
  const store = sqlite(file);
  const other = sqlite(file);
  await store.append('s-1', [added(1)], 'no_stream');
  return { store, other, cache: new StreamStateCache(store, { maxStreams: 10 }) };
}

/** How often reading these streams through the cache reads the store: never while it holds them all. */
async function storeReadsFor(store: SqliteEventStore, cache: StreamStateCache, streams: string[]): Promise<number> {
  const reads = jest.spyOn(store, 'readStreamSync');
  for (const stream of streams) await cache.read(stream, counter);
  const count = reads.mock.calls.length;
  reads.mockRestore();
  return count;
}

describe('StreamStateCache', () => {
  it('reads a stream once, then answers from memory with the same state, revision and position', async () => {
    const store = sqlite();
    await store.append('s-1', [added(2), added(3)], 'no_stream');
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    const reads = jest.spyOn(store, 'readStreamSync');
    const first = await cache.read('s-1', counter);
    const second = await cache.read('s-1', counter);
    expect(first).toEqual({ state: { total: 5, events: 2, tags: [] }, revision: 1, position: 2n });
    expect(second).toEqual(first);
    expect(second.state).toBe(first.state);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1 });
  });

  it('caches a stream that does not exist yet at revision -1, and follows its first append', async () => {
    const store = sqlite();
    await store.append('other', [added(1)], 'no_stream');
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    expect(await cache.read('s-new', counter)).toEqual({ state: { total: 0, events: 0, tags: [] }, revision: -1, position: undefined });
    await store.append('s-new', [added(4)], 'no_stream');
    const reads = jest.spyOn(store, 'readStreamSync');
    expect(await cache.read('s-new', counter)).toEqual({ state: { total: 4, events: 1, tags: [] }, revision: 0, position: 2n });
    expect(reads).not.toHaveBeenCalled();
  });

  it('is up to date as soon as an append resolves, folded exactly as a read of the store would be', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    await cache.read('s-1', counter);
    await cache.read('s-1', lastSeen);
    // Several appends in one group commit, to the cached stream and others.
    await Promise.all([store.append('s-1', [added(1, { seen: 7 })], 'no_stream'), store.append('s-2', [added(9)], 'no_stream')]);
    await store.append('s-1', [added(2, { seen: 8 }), added(3, { seen: 9 })], 0);
    const reads = jest.spyOn(store, 'readStreamSync');
    const cached = await cache.read('s-1', counter);
    expect(await cache.read('s-1', lastSeen)).toMatchObject({ state: 9, revision: 2 });
    expect(reads).not.toHaveBeenCalled();
    expect(cached).toEqual(await fresh(store, 's-1'));
    expect(cached).toMatchObject({ state: { total: 6, events: 3 }, revision: 2, position: 4n });
  });

  it('holds what the store wrote, not the object the appender built and may still change', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    await cache.read('s-1', counter);
    const event = added(1, { tags: ['a'] });
    await store.append('s-1', [event], 'no_stream');
    (event.data as Added['data']).tags!.push('changed later');
    const cached = await cache.read('s-1', counter);
    expect(cached.state.tags).toEqual(['a']);
    expect(cached).toEqual(await fresh(store, 's-1'));
  });

  it('folds upcast events, as the store reads them', async () => {
    // Version 1 of `Added` recorded `amount`; the current shape calls it `by`.
    const upcast = (e: StoredEvent): StoredEvent =>
      e.metadata.schemaVersion === 1 && 'amount' in (e.data as object) ? { ...e, data: { by: (e.data as { amount: number }).amount, seen: 0 } } : e;
    const store = sqlite(join(dir, 'upcast.db'), upcast);
    const old = (amount: number): NewEvent => ({ ...added(0), data: { amount } });
    await store.append('s-1', [old(5)], 'no_stream');
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    expect((await cache.read('s-1', counter)).state.total).toBe(5);
    await store.append('s-1', [old(6)], 0);
    const cached = await cache.read('s-1', counter);
    expect(cached.state.total).toBe(11);
    expect(cached).toEqual(await fresh(store, 's-1'));
  });

  it('drops a stream whose committed event is not its next revision, and reads it again', async () => {
    // A store that reports commits as the test says: one with a revision missing.
    let listener: (events: readonly StoredEvent[]) => void = () => undefined;
    let rows: StoredEvent[] = [];
    const stored = (revision: number, position: number): StoredEvent => ({ ...added(1), streamName: 's-1', revision, position: BigInt(position) });
    const fake: CommittingStore = {
      readStreamSync: jest.fn(() => rows),
      headPositionSync: () => BigInt(rows.length ? rows[rows.length - 1]!.position : 0),
      onCommit: (l) => ((listener = l), () => undefined),
    };
    rows = [stored(0, 1)];
    const cache = new StreamStateCache(fake, { maxStreams: 10 });
    expect((await cache.read('s-1', counter)).revision).toBe(0);
    rows = [stored(0, 1), stored(1, 2), stored(2, 3)];
    listener([stored(2, 2)]); // revision 1 never reported
    expect(cache.stats.dropped).toBe(1);
    expect(cache.size).toBe(0);
    expect(await cache.read('s-1', counter)).toMatchObject({ revision: 2, state: { total: 3 } });
    expect(fake.readStreamSync).toHaveBeenCalledTimes(2);
  });

  it('sees appends made by another connection to the same file: it empties itself when the head moved', async () => {
    const { store, other, cache } = await twoConnections('shared.db');
    expect((await cache.read('s-1', counter)).state.total).toBe(1);
    await other.append('s-1', [added(10)], 0);
    expect(await cache.read('s-1', counter)).toEqual(await fresh(store, 's-1'));
    expect((await cache.read('s-1', counter)).state.total).toBe(11);
    // Another append of its own after that foreign one is followed again.
    await store.append('s-1', [added(100)], 1);
    expect((await cache.read('s-1', counter)).state.total).toBe(111);
    expect(await cache.read('s-1', counter)).toEqual(await fresh(store, 's-1'));
  });

  it('a view compares the head at its first read only, and follows this process’s commits at every read', async () => {
    const { store, other, cache } = await twoConnections('view.db');
    await cache.read('s-1', counter);
    const heads = jest.spyOn(store, 'headPositionSync');
    const view = cache.view();
    expect((await view.read('s-1', counter)).state.total).toBe(1);
    await store.append('s-1', [added(2)], 0);
    expect((await view.read('s-1', counter)).state.total).toBe(3);
    expect(heads).toHaveBeenCalledTimes(1);
    // Appended by another connection after the view's first read: a new view (the next request) sees it.
    await other.append('s-1', [added(10)], 1);
    expect((await cache.view().read('s-1', counter)).state.total).toBe(13);
    expect(await cache.read('s-1', counter)).toEqual(await fresh(store, 's-1'));
  });

  it('keeps at most maxStreams, dropping the least recently read', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 2 });
    await cache.read('a', counter);
    await cache.read('b', counter);
    await cache.read('a', counter); // a is now the most recent
    await cache.read('c', counter); // b goes
    expect(cache.size).toBe(2);
    expect(cache.stats.evicted).toBe(1);
    expect(await storeReadsFor(store, cache, ['a', 'c'])).toBe(0);
    expect(await storeReadsFor(store, cache, ['b'])).toBe(1);
  });

  it('past its bound drops a tenth of it at once, the least recently read, and keeps the rest', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 20 });
    for (let i = 0; i < 20; i++) await cache.read(`s-${i}`, counter);
    await cache.read('s-0', counter); // s-0 is now the most recent
    await cache.read('s-20', counter); // one over: down to 18, s-1, s-2 and s-3 (the least recent) go
    expect(cache.size).toBe(18);
    expect(cache.stats.evicted).toBe(3);
    expect(await storeReadsFor(store, cache, ['s-0', 's-4', 's-19', 's-20'])).toBe(0);
    expect(await storeReadsFor(store, cache, ['s-2'])).toBe(1);
  });

  it('empties itself when a fold fails on a commit, and the append still succeeds', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    const fragile = {
      initialState: () => 0,
      evolve: (s: number, e: Added) =>
        e.data.by < 0
          ? (() => {
              throw new Error('cannot fold');
            })()
          : s + e.data.by,
    };
    await cache.read('s-1', fragile);
    await cache.read('s-2', counter);
    await expect(store.append('s-1', [added(-1)], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0 });
    expect(cache.size).toBe(0);
    expect((await cache.read('s-2', counter)).revision).toBe(-1);
  });

  it('freezes cached states when asked, so that a caller cannot change what others read', async () => {
    const store = sqlite();
    await store.append('s-1', [added(1, { tags: ['a'] })], 'no_stream');
    const cache = new StreamStateCache(store, { maxStreams: 10, freeze: true });
    const { state } = await cache.read('s-1', counter);
    expect(() => state.tags.push('b')).toThrow(TypeError);
  });
});

describe('handleCommand with the cache', () => {
  it('decides on the cached state and appends with the revision it was folded at', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    const options = { schemaVersionOf: () => 1, states: cache };
    await handleCommand(store, 's-1', counter, { type: 'Add', by: 2 }, context, options);
    const reads = jest.spyOn(store, 'readStreamSync');
    const second = await handleCommand(store, 's-1', counter, { type: 'Add', by: 3 }, context, options);
    expect(reads).not.toHaveBeenCalled();
    expect(second.state).toEqual({ total: 5, events: 2, tags: [] });
    expect((await store.readStream('s-1')).map((e) => e.data)).toEqual([
      { by: 2, seen: 0 },
      { by: 3, seen: 2 },
    ]);
  });

  it('on a conflict, forgets the state that lost and decides again on the stream read from the store', async () => {
    const file = join(dir, 'conflict.db');
    const store = sqlite(file);
    const other = sqlite(file);
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    await store.append('s-1', [added(1)], 'no_stream');
    await cache.read('s-1', counter);
    // Another writer appends between the command's read and its append: the append conflicts.
    let raced = false;
    const racing = Object.assign(Object.create(store) as SqliteEventStore, {
      append: async (...args: Parameters<SqliteEventStore['append']>) => {
        if (!raced) {
          raced = true;
          await other.append('s-1', [added(10)], 0);
        }
        return store.append(...args);
      },
    });
    const forget = jest.spyOn(cache, 'forget');
    const reads = jest.spyOn(store, 'readStreamSync');
    const handled = await handleCommand(racing, 's-1', counter, { type: 'Add', by: 100 }, context, { schemaVersionOf: () => 1, states: cache });
    expect(forget).toHaveBeenCalledWith('s-1');
    expect(reads).toHaveBeenCalledTimes(1);
    // The retry saw the other writer's event: it decided on 11, not on the 1 that lost.
    expect(handled.events).toEqual([{ type: 'Added', data: { by: 100, seen: 11 } }]);
    expect(handled.state.total).toBe(111);
    expect(await cache.read('s-1', counter)).toEqual(await fresh(store, 's-1'));
  });

  it('two commands racing in this process: the loser retries on the winner’s state', async () => {
    const store = sqlite();
    const cache = new StreamStateCache(store, { maxStreams: 10 });
    const options = { schemaVersionOf: () => 1, states: cache };
    const forget = jest.spyOn(cache, 'forget');
    await Promise.all([1, 2].map((by) => handleCommand(store, 's-1', counter, { type: 'Add', by }, context, options)));
    expect(forget).toHaveBeenCalledTimes(1);
    const seen = (await store.readStream('s-1')).map((e) => (e.data as Added['data']).seen);
    expect(seen[0]).toBe(0);
    expect(seen[1]).not.toBe(0);
    expect(await cache.read('s-1', counter)).toEqual(await fresh(store, 's-1'));
  });

  it('without a cache reads the store each time (EventStoreDB)', async () => {
    const store = sqlite();
    const states = new UncachedStreamStates(store);
    const reads = jest.spyOn(store, 'readStream');
    await handleCommand(store, 's-1', counter, { type: 'Add', by: 1 }, context, { schemaVersionOf: () => 1, states });
    await handleCommand(store, 's-1', counter, { type: 'Add', by: 1 }, context, { schemaVersionOf: () => 1, states });
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
