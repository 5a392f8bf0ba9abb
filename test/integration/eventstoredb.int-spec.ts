// The event store contract against a real EventStoreDB, plus what only a server can show: the
// position an append reports, the server-side deduplication of a retried append, the product
// filter of subscriptions. Runs only with EVENTSTORE_URL set (esdb://localhost:2113?tls=false).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '#libs/event-store';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { eventStoreContract, waitUntil } from '../contract/event-store.contract.js';
import { anEvent, events, uniqueStream } from '../support/events.js';

const url = process.env.EVENTSTORE_URL;

if (!url) {
  describe.skip('EventStoreDB event store (skipped: set EVENTSTORE_URL, e.g. esdb://localhost:2113?tls=false)', () => {
    it('runs the event store contract against EventStoreDB', () => undefined);
  });
} else {
  eventStoreContract('EventStoreDB', async () => new EventStoreDbEventStore({ connectionString: url }), { gapFreePositions: false });

  describe('EventStoreDB specifics', () => {
    let store: EventStoreDbEventStore;
    beforeAll(() => {
      store = new EventStoreDbEventStore({ connectionString: url });
    });
    afterAll(async () => {
      await store.close();
    });

    it("reports as an append's position the position $all gives its last event, distinct per event", async () => {
      const before = await store.headPosition();
      const stream = uniqueStream();
      const result = await store.append(stream, events(3), 'no_stream');
      const read = await store.readAll({ fromPosition: before, limit: 100 });
      const mine = read.filter((e) => e.streamName === stream);
      expect(mine).toHaveLength(3);
      expect(new Set(mine.map((e) => String(e.position))).size).toBe(3);
      expect(result.position).toBe(mine[2]!.position);
      expect((await store.readStream(stream)).map((e) => e.position)).toEqual(mine.map((e) => e.position));
    });

    it('deduplicates a retried append by its event ids', async () => {
      const stream = uniqueStream();
      const batch = events(2);
      const first = await store.append(stream, batch, 'no_stream');
      const retried = await store.append(stream, batch, 'no_stream');
      expect(retried.nextExpectedRevision).toBe(first.nextExpectedRevision);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it("shows only the product's streams to readAll, headPosition and subscriptions", async () => {
      const from = await store.headPosition();
      const foreign = `elsewhere-${randomUUID()}`;
      const ours = uniqueStream('service');
      await store.append(foreign, [anEvent()], 'no_stream');
      const appended = await store.append(ours, [anEvent()], 'no_stream');
      await store.append(foreign, [anEvent()], 'any');
      expect((await store.readAll({ fromPosition: from, limit: 100 })).map((e) => e.streamName)).toEqual([ours]);
      expect(await store.headPosition()).toBe(appended.position);
      const received: StoredEvent[] = [];
      const subscription = store.subscribe({ fromPosition: from, onEvents: (batch) => void received.push(...batch) });
      await waitUntil(() => received.length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      await subscription.close();
      expect(received.map((e) => e.streamName)).toEqual([ours]);
    });

    it('resumes a subscription after a position with nothing twice', async () => {
      const stream = uniqueStream();
      const from = await store.headPosition();
      await store.append(stream, events(4), 'no_stream');
      const all = (await store.readAll({ fromPosition: from, limit: 100 })).filter((e) => e.streamName === stream);
      const received: StoredEvent[] = [];
      const subscription = store.subscribe({ fromPosition: all[1]!.position, onEvents: (batch) => void received.push(...batch) });
      await waitUntil(() => received.filter((e) => e.streamName === stream).length >= 2);
      await subscription.close();
      expect(received.filter((e) => e.streamName === stream).map((e) => e.revision)).toEqual([2, 3]);
    });

    it('upcasts what it reads', async () => {
      const upcasting = new EventStoreDbEventStore({
        connectionString: url,
        upcast: (e) => (e.type === 'Old' ? { ...e, type: 'New', data: { upgraded: true } } : e),
      });
      const stream = uniqueStream();
      await upcasting.append(stream, [anEvent('Old')], 'no_stream');
      expect((await upcasting.readStream(stream))[0]).toMatchObject({ type: 'New', data: { upgraded: true } });
      await upcasting.close();
    });
  });
}
