// The event store port's contract: every adapter runs this suite (the SQLite adapter in
// `npm test`, EventStoreDB in `npm run test:integration`).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Decider } from '#libs/domain';
import { type EventStore, handleCommand, type StoredEvent, WrongExpectedRevisionError } from '#libs/event-store';
import { anEvent, events, uniqueStream } from '../support/events.js';

export interface ContractOptions {
  /** The embedded store promises gap-free positions; EventStoreDB's commit positions only grow. */
  gapFreePositions: boolean;
}

export function eventStoreContract(name: string, open: () => Promise<EventStore>, options: ContractOptions): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    describe('append with an expected revision', () => {
      it('creates a stream expected not to exist, then refuses to create it again', async () => {
        const stream = uniqueStream();
        const first = await store.append(stream, events(2), 'no_stream');
        expect(first.nextExpectedRevision).toBe(1);
        await expect(store.append(stream, events(1), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('appends at the exact revision and refuses a stale one', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(1), 'no_stream');
        const second = await store.append(stream, events(1), 0);
        expect(second.nextExpectedRevision).toBe(1);
        const stale = store.append(stream, events(1), 0);
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(store.append(uniqueStream(), events(1), 3)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('appends with any revision to a new or an existing stream', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(1), 'any');
        const result = await store.append(stream, events(2), 'any');
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('appends all events of a refused append or none', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(1), 'no_stream');
        await expect(store.append(stream, events(5), 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('lets one of many concurrent appends at the same revision win; the others conflict', async () => {
        const stream = uniqueStream();
        await store.append(stream, events(1), 'no_stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => store.append(stream, events(2), 0)));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(refused).toHaveLength(19);
        for (const r of refused) expect(r.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('appends concurrently to distinct streams, each with its own position', async () => {
        const streams = Array.from({ length: 32 }, () => uniqueStream());
        const results = await Promise.all(streams.map((s) => store.append(s, events(1), 'no_stream')));
        const positions = results.map((r) => r.position);
        expect(new Set(positions.map(String)).size).toBe(32);
      });
    });

    describe('read', () => {
      it('reads a stream in order with its revisions, from a revision, and [] for no stream', async () => {
        const stream = uniqueStream();
        const written = events(3);
        await store.append(stream, written, 'no_stream');
        const read = await store.readStream(stream);
        expect(read.map((e) => e.eventId)).toEqual(written.map((e) => e.eventId));
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.streamName)).toEqual([stream, stream, stream]);
        expect(read[1]!.data).toEqual({ n: 1 });
        expect(read[1]!.metadata).toEqual(written[1]!.metadata);
        expect((await store.readStream(stream, { fromRevision: 2 })).map((e) => e.revision)).toEqual([2]);
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('reads the global log after a position, in position order, limited, filtered by type', async () => {
        const before = await store.headPosition();
        const stream = uniqueStream();
        await store.append(stream, [anEvent('A'), anEvent('B'), anEvent('A')], 'no_stream');
        const after = await store.readAll({ fromPosition: before, limit: 10 });
        expect(after.map((e) => e.type)).toEqual(['A', 'B', 'A']);
        const positions = after.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        if (options.gapFreePositions) expect(positions).toEqual([before + 1n, before + 2n, before + 3n]);
        expect(await store.headPosition()).toBe(positions[2]);
        expect((await store.readAll({ fromPosition: before, limit: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
        expect((await store.readAll({ fromPosition: positions[0]!, limit: 10 })).map((e) => e.type)).toEqual(['B', 'A']);
        const onlyA = await store.readAll({ fromPosition: before, limit: 10, types: ['A'] });
        expect(onlyA.map((e) => e.position)).toEqual([positions[0], positions[2]]);
      });

      it('never shows a reader half of a multi-event append', async () => {
        const from = await store.headPosition();
        const seenPrefixes: number[] = [];
        let writing = true;
        const reader = (async () => {
          while (writing) {
            const seen = await store.readAll({ fromPosition: from, limit: 10_000 });
            seenPrefixes.push(seen.length);
            await new Promise((r) => setImmediate(r));
          }
        })();
        const writers = Array.from({ length: 8 }, () =>
          (async () => {
            for (let i = 0; i < 10; i++) await store.append(uniqueStream(), events(10), 'no_stream');
          })(),
        );
        await Promise.all(writers);
        writing = false;
        await reader;
        expect(seenPrefixes.every((n) => n % 10 === 0)).toBe(true);
        expect(await store.readAll({ fromPosition: from, limit: 10_000 })).toHaveLength(800);
      });
    });

    describe('subscribe', () => {
      it('catches up from a position, then delivers live appends in order', async () => {
        const from = await store.headPosition();
        const early = uniqueStream();
        await store.append(early, events(3), 'no_stream');
        const received: StoredEvent[] = [];
        const subscription = store.subscribe({ fromPosition: from, batchSize: 2, onEvents: (batch) => void received.push(...batch) });
        const late = uniqueStream();
        await store.append(late, events(4), 'no_stream');
        await waitUntil(() => received.length >= 7);
        await subscription.close();
        expect(received.map((e) => e.streamName)).toEqual([early, early, early, late, late, late, late]);
        const positions = received.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      });

      it('waits for the handler before the next batch', async () => {
        const from = await store.headPosition();
        await store.append(uniqueStream(), events(6), 'no_stream');
        let inFlight = 0;
        let maxInFlight = 0;
        let count = 0;
        const subscription = store.subscribe({
          fromPosition: from,
          batchSize: 2,
          onEvents: async (batch) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await new Promise((r) => setTimeout(r, 5));
            count += batch.length;
            inFlight--;
          },
        });
        await waitUntil(() => count >= 6);
        await subscription.close();
        expect(maxInFlight).toBe(1);
      });
    });

    // Exactly once across crashes rests on this port alone: an event keeps the command key in its
    // metadata, and the generic handler finds a command's earlier events by it (command-handler.ts).
    describe('a command carrying an idempotency key, through the generic handler', () => {
      type Counted = { type: 'Counted'; data: { by: number; total: number } };
      const counter: Decider<{ by: number }, number, Counted> = {
        initialState: () => 0,
        evolve: (total, e) => e.data.total,
        decide: (c, total) => [{ type: 'Counted', data: { by: c.by, total: total + c.by } }],
      };
      const at = (now: string) => ({ actor: { role: 'seller', sub: 'shop-1' }, correlationId: 'c', causationId: null, now });
      const run = (stream: string, by: number, now: string, idempotencyKey?: string) =>
        handleCommand(store, stream, counter, { by }, at(now), { schemaVersionOf: () => 1, ...(idempotencyKey && { idempotencyKey }) });

      it('keeps the key in the metadata of every event the command appended', async () => {
        const stream = uniqueStream();
        await run(stream, 1, '2026-03-01T10:00:00.000Z', 'key-a');
        const [event] = await store.readStream(stream);
        expect(event!.metadata.idempotencyKey).toBe('key-a');
        // Positions are gap-free on SQLite only (EventStoreDB's are byte offsets): find it by its id.
        const log = await store.readAll({ fromPosition: 0n, limit: 100_000 });
        expect(log.find((e) => e.eventId === event!.eventId)!.metadata.idempotencyKey).toBe('key-a');
      });

      it('a second run of the command appends nothing and answers as the first: its events, position, time and the state after them', async () => {
        const stream = uniqueStream();
        const first = await run(stream, 2, '2026-03-01T10:00:00.000Z', 'key-b');
        await run(stream, 5, '2026-03-01T10:01:00.000Z');
        const again = await run(stream, 2, '2026-03-01T11:00:00.000Z', 'key-b');
        expect(again).toEqual({ ...first, replayed: true });
        expect(again.decidedAt).toBe('2026-03-01T10:00:00.000Z');
        expect((await store.readStream(stream)).map((e) => e.data)).toEqual([
          { by: 2, total: 2 },
          { by: 5, total: 7 },
        ]);
        const other = await run(stream, 2, '2026-03-01T11:00:00.000Z', 'key-c');
        expect([other.replayed, other.state]).toEqual([false, 9]);
      });

      it('two runs of one command racing to create its stream: one append, both answer it', async () => {
        const stream = uniqueStream();
        const [a, b] = await Promise.all([run(stream, 3, '2026-03-01T10:00:00.000Z', 'key-d'), run(stream, 3, '2026-03-01T10:00:00.000Z', 'key-d')]);
        expect(await store.readStream(stream)).toHaveLength(1);
        expect(a.position).toBe(b.position);
        expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
      });
    });
  });
}

export async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
