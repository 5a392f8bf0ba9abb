// One client's change stream: the log from its resume position up to where the shared
// subscription stood when it joined (read from the store), then the live events the feed hands
// it, deduplicated by position, so the seam has neither a gap nor a duplicate.
//
// Memory stays bounded per client: the pump writes one frame at a time and waits for the socket
// when it is full; live events wait in a queue of at most `bufferEvents`. A client that lets the
// queue overflow, or does not read anything for two keep-alive periods while its socket is full,
// is disconnected: it resumes with Last-Event-ID from the store, where the events are anyway.
import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { changeOf, mayWatch, type Watcher } from '#libs/domain';
import type { EventStore, StoredEvent } from '#libs/event-store';
import { CONNECTED, frameOf, KEEP_ALIVE } from './sse.js';

const CATCH_UP_PAGE = 500;

export interface ChangeStreamOptions {
  watcher: Watcher;
  store: EventStore;
  bufferEvents: number;
  keepAliveMs: number;
  /** When the caller's token stops being valid (ms since the epoch): the stream ends then. */
  validUntilMs?: number;
  now: () => number;
  /** Called once, when the stream stops for any reason. */
  onStop: (stream: ChangeStream, reason: StopReason, error?: unknown) => void;
}

export type StopReason = 'client-gone' | 'not-reading' | 'ended' | 'token-expired' | 'failed';

export class ChangeStream {
  /** What the HTTP answer sends (Fastify pipes it and destroys it when the client goes away). */
  readonly body = new PassThrough();
  private cursor = 0n;
  private queue: StoredEvent[] = [];
  private wake: (() => void) | undefined;
  private stopped = false;
  private stopSignal!: () => void;
  private readonly stopping = new Promise<void>((resolve) => (this.stopSignal = resolve));
  private timer: NodeJS.Timeout | undefined;
  private drained = false;
  private stalledAtLastTick = false;

  constructor(private readonly options: ChangeStreamOptions) {
    this.body.on('close', () => this.stop('client-gone'));
    this.body.on('error', () => this.stop('client-gone'));
    this.body.on('drain', () => (this.drained = true));
  }

  get watcher(): Watcher {
    return this.options.watcher;
  }

  /** Starts after `cursor` (exclusive), reading the store up to `target`, then live. */
  start(cursor: bigint, target: bigint): void {
    this.cursor = cursor;
    this.body.write(CONNECTED);
    this.timer = setInterval(() => this.tick(), this.options.keepAliveMs);
    this.timer.unref();
    // Ended cleanly: the client reconnects with Last-Event-ID, on this instance or another.
    this.run(target).catch((error: unknown) => this.end('failed', error));
  }

  /** Live events from the shared subscription, in log order. Synchronous: the feed waits for no client. */
  offer(batch: readonly StoredEvent[]): void {
    if (this.stopped) return;
    for (const event of batch) if (mayWatch(this.options.watcher, event)) this.queue.push(event);
    if (this.queue.length > this.options.bufferEvents) return this.abort('not-reading');
    this.wake?.();
  }

  /** Ends the answer cleanly (shutdown), or cuts it when the client is not reading what it has. */
  end(reason: StopReason = 'ended', error?: unknown): void {
    if (this.stopped) return;
    if (this.body.writableNeedDrain) return this.abort(reason, error);
    this.stop(reason, error);
    this.body.end();
  }

  private abort(reason: StopReason, error?: unknown): void {
    this.stop(reason, error);
    this.body.destroy();
  }

  private stop(reason: StopReason, error?: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.stopSignal();
    this.wake?.();
    this.options.onStop(this, reason, error);
  }

  private async run(target: bigint): Promise<void> {
    while (!this.stopped && this.cursor < target) {
      const page = await this.options.store.readAll({ fromPosition: this.cursor, limit: CATCH_UP_PAGE });
      if (!page.length) break;
      for (const event of page) {
        if (this.stopped) return;
        if (mayWatch(this.options.watcher, event)) await this.write(event);
        this.cursor = event.position;
      }
      // The embedded store answers at once: without a turn of the event loop, a long catch-up
      // that finds little to send would hold every other request until it is done.
      await nextTurn();
    }
    while (!this.stopped) {
      if (!this.queue.length) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const batch = this.queue;
      this.queue = [];
      for (const event of batch) {
        if (this.stopped) return;
        if (event.position <= this.cursor) continue; // already read from the store
        await this.write(event);
        this.cursor = event.position;
      }
    }
  }

  private async write(event: StoredEvent): Promise<void> {
    if (this.body.write(frameOf(changeOf(event)))) return;
    await Promise.race([new Promise((resolve) => this.body.once('drain', resolve)), this.stopping]);
  }

  private tick(): void {
    if (this.stopped) return;
    // Checked at each keep-alive, against the product's clock: a stream does not outlive its
    // token, so a client whose token ran out reconnects and is asked for a fresh one (401).
    if (this.options.validUntilMs !== undefined && this.options.now() >= this.options.validUntilMs) return this.end('token-expired');
    if (this.body.writableNeedDrain) {
      if (this.stalledAtLastTick && !this.drained) return this.abort('not-reading');
      this.stalledAtLastTick = true;
      this.drained = false;
      return;
    }
    this.stalledAtLastTick = false;
    this.body.write(KEEP_ALIVE);
  }
}
