// The adapter against a fake client holding an in-memory $all: what is sent to the client and
// what comes back through the port. The server's own behaviour is covered by the integration spec.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { ANY, END, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError, type Position, type ReadPosition } from '@eventstore/db-client';
import { WrongExpectedRevisionError } from '../port.js';
import { EventStoreDbEventStore, type EsdbClient } from './eventstoredb-event-store.js';

interface Entry {
  position: bigint;
  streamId: string;
  type: string;
  revision: bigint;
}

const BIG = 2n ** 60n;
const metadata = { actor: { role: 'system', sub: 't' }, correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };

function fakeClient(log: Entry[]) {
  const calls: { append: unknown[][]; readAll: Array<{ fromPosition: ReadPosition; direction: string }>; subscribe: unknown[] } = {
    append: [],
    readAll: [],
    subscribe: [],
  };
  const sources: EventEmitter[] = [];
  let appendBehaviour: () => Promise<unknown> = async () => ({ success: true, nextExpectedRevision: 2n, position: { commit: BIG + 7n, prepare: BIG + 7n } });
  const resolved = (e: Entry) => {
    const position: Position = { commit: e.position, prepare: e.position };
    return {
      event: {
        id: `id-${e.position}`,
        streamId: e.streamId,
        revision: e.revision,
        type: e.type,
        data: { at: String(e.position) },
        metadata,
        isJson: true,
        created: new Date(0),
        position,
      },
    };
  };
  const client = {
    appendToStream: async (...args: unknown[]) => {
      calls.append.push(args);
      return appendBehaviour();
    },
    readStream: (name: string) =>
      (async function* () {
        const events = log.filter((e) => e.streamId === name);
        if (!events.length) throw new StreamNotFoundError(undefined, name);
        yield* events.map(resolved);
      })(),
    readAll: ({
      fromPosition = START,
      maxCount = Number.MAX_SAFE_INTEGER,
      direction = 'forwards',
    }: {
      fromPosition?: ReadPosition;
      maxCount?: number;
      direction?: string;
    }) => {
      calls.readAll.push({ fromPosition, direction });
      const from = fromPosition === START || fromPosition === END ? undefined : fromPosition.commit;
      const page =
        direction === 'forwards'
          ? log.filter((e) => from === undefined || e.position >= from)
          : [...log].reverse().filter((e) => from === undefined || e.position < from);
      return (async function* () {
        yield* page.slice(0, Number(maxCount)).map(resolved);
      })();
    },
    subscribeToAll: (options: unknown) => {
      calls.subscribe.push(options);
      const source = Object.assign(new EventEmitter(), { pause() {}, resume() {}, unsubscribe: async () => void source.emit('unsubscribed') });
      sources.push(source);
      return source;
    },
    dispose: async () => undefined,
  };
  return {
    client: client as unknown as EsdbClient,
    calls,
    sources,
    resolved,
    failAppendWith: (error: unknown) => (appendBehaviour = () => Promise.reject(error)),
  };
}

const logOf = (...rows: Array<[number | bigint, string, string?]>): Entry[] =>
  rows.map(([position, streamId, type = 'ThingHappened'], i) => ({ position: BigInt(position), streamId, type, revision: BigInt(i) }));

describe('EventStoreDbEventStore against a fake client', () => {
  it('appends JSON events under their own ids with the mapped expected revision', async () => {
    const fake = fakeClient([]);
    const store = new EventStoreDbEventStore({ client: fake.client });
    const result = await store.append('binding-a', [{ eventId: 'u-1', type: 'T', data: { x: 1 }, metadata }], 1);
    expect(result).toEqual({ nextExpectedRevision: 2, position: BIG + 7n });
    const [stream, events, options] = fake.calls.append[0]!;
    expect(stream).toBe('binding-a');
    expect(events).toEqual([{ id: 'u-1', contentType: 'application/json', type: 'T', data: { x: 1 }, metadata }]);
    expect(options).toEqual({ expectedRevision: 1n });
    await store.append('binding-a', [{ eventId: 'u-2', type: 'T', data: {}, metadata }], 'no_stream');
    await store.append('binding-a', [{ eventId: 'u-3', type: 'T', data: {}, metadata }], 'any');
    expect(fake.calls.append.map((c) => (c[2] as { expectedRevision: unknown }).expectedRevision)).toEqual([1n, NO_STREAM, ANY]);
  });

  it('turns a wrong expected version into the port error and lets other errors through', async () => {
    const fake = fakeClient([]);
    const store = new EventStoreDbEventStore({ client: fake.client });
    fake.failAppendWith(new WrongExpectedVersionError(undefined, { streamName: 'binding-a', expected: NO_STREAM, current: 4n }));
    const refused = store.append('binding-a', [{ eventId: 'u', type: 'T', data: {}, metadata }], 'no_stream');
    await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    await expect(refused).rejects.toMatchObject({ expected: 'no_stream', actual: 4 });
    const down = new Error('UNAVAILABLE');
    fake.failAppendWith(down);
    await expect(store.append('binding-a', [{ eventId: 'u', type: 'T', data: {}, metadata }], 'any')).rejects.toBe(down);
  });

  it('reads a missing stream as [] and upcasts what it reads', async () => {
    const fake = fakeClient(logOf([100, 'service-1', 'Old'], [200, 'service-1']));
    const store = new EventStoreDbEventStore({ client: fake.client, upcast: (e) => (e.type === 'Old' ? { ...e, type: 'New' } : e) });
    expect(await store.readStream('service-none')).toEqual([]);
    const read = await store.readStream('service-1');
    expect(read.map((e) => [e.type, e.revision, e.position])).toEqual([
      ['New', 0, 100n],
      ['ThingHappened', 1, 200n],
    ]);
  });

  it('reads $all after a position (exclusive), product streams only, by type, limited, across pages', async () => {
    const log = logOf(
      [10, '$stats-node'],
      [BIG, 'binding-1', 'A'],
      [BIG + 5n, 'binding-1', 'B'],
      [BIG + 9n, '$$binding-1', '$metadata'],
      [BIG + 12n, 'other-stream', 'A'],
      [BIG + 20n, 'service-2', 'A'],
      [BIG + 30n, 'seller-3', '$system'],
      [BIG + 31n, 'partner-4', 'B'],
    );
    const fake = fakeClient(log);
    const store = new EventStoreDbEventStore({ client: fake.client, readPageSize: 2 });
    const all = await store.readAll({ fromPosition: 0n, limit: 100 });
    expect(all.map((e) => e.position)).toEqual([BIG, BIG + 5n, BIG + 20n, BIG + 31n]);
    expect(fake.calls.readAll[0]!.fromPosition).toBe(START);
    expect((await store.readAll({ fromPosition: BIG, limit: 100 })).map((e) => e.position)).toEqual([BIG + 5n, BIG + 20n, BIG + 31n]);
    expect((await store.readAll({ fromPosition: 0n, limit: 2 })).map((e) => e.position)).toEqual([BIG, BIG + 5n]);
    expect((await store.readAll({ fromPosition: 0n, limit: 100, types: ['A'] })).map((e) => e.position)).toEqual([BIG, BIG + 20n]);
    expect(await store.readAll({ fromPosition: 0n, limit: 100, types: [] })).toEqual([]);
    expect(await store.readAll({ fromPosition: BIG + 31n, limit: 100 })).toEqual([]);
  });

  it('finds the head among product events, paging backwards past system events', async () => {
    const fake = fakeClient(logOf([5, 'binding-1'], [BIG, 'binding-2'], [BIG + 1n, '$stats'], [BIG + 2n, '$stats'], [BIG + 3n, '$stats']));
    const store = new EventStoreDbEventStore({ client: fake.client, readPageSize: 2 });
    expect(await store.headPosition()).toBe(BIG);
    expect(fake.calls.readAll[0]).toEqual({ fromPosition: END, direction: 'backwards' });
    expect(await new EventStoreDbEventStore({ client: fakeClient(logOf([3, '$stats'])).client }).headPosition()).toBe(0n);
    expect(await new EventStoreDbEventStore({ client: fakeClient([]).client }).headPosition()).toBe(0n);
  });

  it("subscribes to $all from the mapped position, filtered to the product's prefixes on the server", async () => {
    const fake = fakeClient([]);
    const store = new EventStoreDbEventStore({ client: fake.client, streamPrefixes: ['binding-', 'service-'] });
    const received: bigint[] = [];
    store.subscribe({ fromPosition: BIG, onEvents: (batch) => void received.push(...batch.map((e) => e.position)) });
    await new Promise((r) => setImmediate(r));
    expect(fake.calls.subscribe[0]).toMatchObject({
      fromPosition: { commit: BIG, prepare: BIG },
      filter: { filterOn: 'streamName', prefixes: ['binding-', 'service-'] },
    });
    const source = fake.sources[0]!;
    const unsubscribed = new Promise((r) => source.once('unsubscribed', r));
    source.emit('data', fake.resolved({ position: BIG + 1n, streamId: 'binding-1', type: 'T', revision: 0n }));
    await new Promise((r) => setImmediate(r));
    expect(received).toEqual([BIG + 1n]);
    await store.close();
    await unsubscribed;
  });
});
