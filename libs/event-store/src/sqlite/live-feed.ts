// Catch-up then live subscriptions over a log that can be read after a position. Events this
// process commits are handed to live subscribers directly (no re-read); appends by another
// process on the same file are found by polling.
import type { StoredEvent, SubscribeOptions, Subscription } from '../port.js';

const MAX_BUFFERED = 10_000;

interface FeedOptions {
  readAfter: (position: bigint, limit: number) => StoredEvent[];
  pollIntervalMs: number;
}

class Subscriber implements Subscription {
  private position: bigint;
  private buffer: StoredEvent[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  readonly done: Promise<void>;

  constructor(
    private readonly feed: FeedOptions,
    private readonly options: SubscribeOptions,
    private readonly onClose: (s: Subscriber) => void,
  ) {
    this.position = options.fromPosition;
    this.done = this.run().finally(() => this.onClose(this));
  }

  push(events: StoredEvent[]): void {
    if (this.closed) return;
    if (this.buffer.length + events.length > MAX_BUFFERED)
      this.buffer = []; // a slow reader reads the file instead
    else this.buffer.push(...events);
    this.wake?.();
  }

  private nextBatch(limit: number): StoredEvent[] {
    while (this.buffer.length && this.buffer[0]!.position <= this.position) this.buffer.shift();
    if (this.buffer.length && this.buffer[0]!.position === this.position + 1n) return this.buffer.splice(0, limit);
    this.buffer = [];
    return this.feed.readAfter(this.position, limit);
  }

  private async run(): Promise<void> {
    const limit = this.options.batchSize ?? 500;
    while (!this.closed) {
      const batch = this.nextBatch(limit);
      if (batch.length) {
        await this.options.onEvents(batch);
        this.position = batch[batch.length - 1]!.position;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.feed.pollIntervalMs);
        timer.unref();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    await this.done.catch(() => undefined);
  }
}

export class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();

  constructor(private readonly options: FeedOptions) {}

  subscribe(options: SubscribeOptions): Subscription {
    const subscriber = new Subscriber(this.options, options, (s) => this.subscribers.delete(s));
    this.subscribers.add(subscriber);
    return subscriber;
  }

  publish(events: StoredEvent[]): void {
    for (const s of this.subscribers) s.push(events);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscribers].map((s) => s.close()));
  }
}
