import { EventEmitter } from 'node:events';
import { describe, expect, it, jest } from '@jest/globals';
import { fakeTimersInEachTest } from '../../../../test/support/fake-timers.js';
import type { StoredEvent } from '../port.js';
import { backoffDelay, CatchUpSubscription, type LiveSource } from './catch-up.js';

class FakeSource extends EventEmitter implements LiveSource<StoredEvent> {
  paused = false;
  unsubscribed = false;
  constructor(readonly after: bigint) {
    super();
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  async unsubscribe() {
    this.unsubscribed = true;
  }
  push(...positions: bigint[]) {
    for (const p of positions) this.emit('data', eventAt(p));
  }
}

const eventAt = (position: bigint): StoredEvent => ({
  eventId: `e${position}`,
  streamName: 'binding-x',
  revision: Number(position),
  position,
  type: 'ThingHappened',
  data: {},
  metadata: { actor: { role: 'system', sub: 'test' }, correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

/** Lets the subscription's loop run its pending steps (microtasks only, no timers). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function harness(options: { fromPosition?: bigint; batchSize?: number; handler?: (batch: StoredEvent[]) => Promise<void> | void } = {}) {
  const sources: FakeSource[] = [];
  const batches: bigint[][] = [];
  const drops: Array<{ attempt: number; delay: number }> = [];
  const subscription = new CatchUpSubscription<StoredEvent>({
    fromPosition: options.fromPosition ?? 0n,
    batchSize: options.batchSize ?? 2,
    onEvents: async (batch) => {
      batches.push(batch.map((e) => e.position));
      await options.handler?.(batch);
    },
    open: (after) => {
      const source = new FakeSource(after);
      sources.push(source);
      return source;
    },
    toEvent: (item) => (item.streamName.startsWith('$') ? undefined : item),
    backoff: { initialMs: 100, maxMs: 1_000 },
    onDrop: (_error, attempt, delay) => drops.push({ attempt, delay }),
  });
  return { subscription, sources, batches, drops, last: () => sources[sources.length - 1]! };
}

describe('back-off', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, { initialMs: 100, maxMs: 1_000 }))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(1)).toBe(250);
  });
});

describe('catch-up subscription against a fake client', () => {
  fakeTimersInEachTest();

  it('delivers batches in order, one at a time, pausing the source while a full batch waits', async () => {
    let release!: () => void;
    let inFlight = 0;
    let maxInFlight = 0;
    const h = harness({
      handler: () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<void>((r) => (release = () => (inFlight--, r())));
      },
    });
    await settle();
    expect(h.sources).toHaveLength(1);
    h.last().push(1n, 2n, 3n, 4n, 5n);
    await settle();
    expect(h.batches).toEqual([[1n, 2n]]);
    expect(h.last().paused).toBe(true); // 3 events wait behind the handler
    release();
    await settle();
    release();
    await settle();
    release();
    await settle();
    expect(h.batches).toEqual([[1n, 2n], [3n, 4n], [5n]]);
    expect(maxInFlight).toBe(1);
    expect(h.last().paused).toBe(false);
    await h.subscription.close();
    expect(h.last().unsubscribed).toBe(true);
  });

  it('skips what it is told to skip and anything at or before the start position', async () => {
    const h = harness({ fromPosition: 10n, batchSize: 10 });
    await settle();
    expect(h.last().after).toBe(10n);
    h.last().push(9n, 10n, 11n);
    h.last().emit('data', { ...eventAt(12n), streamName: '$stats' });
    h.last().push(11n, 13n);
    await settle();
    expect(h.batches.flat()).toEqual([11n, 13n]);
    await h.subscription.close();
  });

  it('reconnects after a drop with back-off, from the last delivered position', async () => {
    const h = harness({ batchSize: 10 });
    await settle();
    h.last().push(5n, 6n);
    await settle();
    h.last().emit('error', new Error('connection reset'));
    await settle();
    expect(h.drops).toEqual([{ attempt: 1, delay: 100 }]);
    expect(h.sources[0]!.unsubscribed).toBe(true);
    await jest.advanceTimersByTimeAsync(99);
    expect(h.sources).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(h.sources).toHaveLength(2);
    expect(h.last().after).toBe(6n);

    h.last().emit('end'); // dropped again before anything arrived: the delay doubles
    await settle();
    expect(h.drops[1]).toEqual({ attempt: 2, delay: 200 });
    await jest.advanceTimersByTimeAsync(200);
    expect(h.sources).toHaveLength(3);
    expect(h.last().after).toBe(6n);

    h.last().push(6n, 7n); // the server resends 6 (inclusive start): delivered once
    await settle();
    expect(h.batches.flat()).toEqual([5n, 6n, 7n]);
    h.last().emit('error', new Error('again'));
    await settle();
    expect(h.drops[2]).toEqual({ attempt: 1, delay: 100 }); // a delivery reset the back-off
    await h.subscription.close();
  });

  it('delivers what was buffered before a drop, then resumes after it', async () => {
    const h = harness({ batchSize: 2, handler: () => new Promise<void>((r) => setTimeout(r, 50)) });
    await settle();
    h.last().push(1n, 2n, 3n);
    h.last().emit('error', new Error('gone'));
    await jest.advanceTimersByTimeAsync(50); // batch [1,2]
    await jest.advanceTimersByTimeAsync(50); // batch [3]
    expect(h.batches).toEqual([[1n, 2n], [3n]]);
    await jest.advanceTimersByTimeAsync(100);
    expect(h.last().after).toBe(3n);
    await h.subscription.close();
  });

  it('stops reconnecting when closed during the back-off', async () => {
    const h = harness();
    await settle();
    h.last().emit('error', new Error('down'));
    await settle();
    await h.subscription.close();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(h.sources).toHaveLength(1);
    await expect(h.subscription.done).resolves.toBeUndefined();
  });

  it("rejects done with the handler's error and lets go of the source", async () => {
    const h = harness({ handler: () => Promise.reject(new Error('projection failed')) });
    await settle();
    h.last().push(1n);
    await expect(h.subscription.done).rejects.toThrow('projection failed');
    expect(h.last().unsubscribed).toBe(true);
  });

  it('delivers whole commits only: a batch grows to the end of its commit, a cut commit is dropped and re-read', async () => {
    const sources: FakeSource[] = [];
    const batches: bigint[][] = [];
    // Events whose revision is odd continue their commit; an even one ends it.
    const subscription = new CatchUpSubscription<StoredEvent>({
      fromPosition: 0n,
      batchSize: 1,
      onEvents: (batch) => void batches.push(batch.map((e) => e.position)),
      open: (after) => (sources.push(new FakeSource(after)), sources[sources.length - 1]!),
      toEvent: (e) => e,
      endsCommit: (e) => e.revision % 2 === 0,
      backoff: { initialMs: 10 },
    });
    await settle();
    sources[0]!.push(1n);
    await settle();
    expect(batches).toEqual([]); // held back: its commit is not complete
    sources[0]!.push(2n, 4n, 5n);
    await settle();
    expect(batches).toEqual([[1n, 2n], [4n]]);
    sources[0]!.emit('error', new Error('dropped mid-commit'));
    await jest.advanceTimersByTimeAsync(10);
    expect(sources[1]!.after).toBe(4n); // 5 is read again, with the rest of its commit
    sources[1]!.push(5n, 6n);
    await settle();
    expect(batches).toEqual([[1n, 2n], [4n], [5n, 6n]]);
    await subscription.close();
  });

  it('treats an open that throws as a drop', async () => {
    let calls = 0;
    const subscription = new CatchUpSubscription<StoredEvent>({
      fromPosition: 0n,
      onEvents: () => undefined,
      open: () => {
        calls++;
        if (calls === 1) throw new Error('no leader');
        return new FakeSource(0n);
      },
      toEvent: (e) => e,
      backoff: { initialMs: 10 },
    });
    await settle();
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
    await subscription.close();
  });
});
