// A catch-up subscription that survives connection drops. The server pushes events one by one;
// they are buffered and handed to the handler in batches, one batch at a time (the source is
// paused while a full batch waits). When the source fails or ends, what is buffered is delivered
// first, then it reconnects from the last delivered position after an exponential back-off, so
// nothing is skipped and nothing is delivered twice. A batch holds whole commits only: the server
// sends the events of one append one by one, and a read model must never show half of a
// multi-service grant, so a commit's first events wait for its last (`endsCommit`), and a batch
// grows past batchSize rather than split one; a commit cut by a drop is read again whole. Only the handler's own error (or an event
// that cannot be mapped) stops it: `done` rejects with it and the caller decides.
import type { StoredEvent, SubscribeOptions, Subscription } from '../port.js';

/** What a live subscription looks like to us (the client's Readable subscription fits). */
export interface LiveSource<T> {
  on(event: 'data', listener: (item: T) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

export interface CatchUpOptions<T> extends SubscribeOptions {
  /** Opens a live subscription to the events after `after` (exclusive or not: duplicates are dropped). */
  open(after: bigint): LiveSource<T>;
  /** The event an item carries; undefined for items to skip. Throwing stops the subscription. */
  toEvent(item: T): StoredEvent | undefined;
  /** Whether the item is the last event of its commit (default: every event is a commit). */
  endsCommit?(item: T): boolean;
  backoff?: BackoffOptions;
  /** Told of each drop before the wait (logging, metrics). */
  onDrop?: (error: unknown, attempt: number, delayMs: number) => void;
}

/** Exponential: initial, 2×, 4×, ... capped at max. `attempt` counts consecutive failures from 1. */
export function backoffDelay(attempt: number, { initialMs = 250, maxMs = 30_000 }: BackoffOptions = {}): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}

export class CatchUpSubscription<T> implements Subscription {
  readonly done: Promise<void>;
  private delivered: bigint;
  private queuedUpTo: bigint;
  private buffer: Array<{ event: StoredEvent; endsCommit: boolean }> = [];
  /** How many buffered events end with a whole commit: those may be delivered. */
  private complete = 0;
  private source: LiveSource<T> | undefined;
  private drop: { error: unknown } | undefined;
  private fatal: { error: unknown } | undefined;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly batchSize: number;

  constructor(private readonly options: CatchUpOptions<T>) {
    this.delivered = options.fromPosition;
    this.queuedUpTo = options.fromPosition;
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.done = this.run();
  }

  /** The position of the last event the handler has finished with. */
  get position(): bigint {
    return this.delivered;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    try {
      while (!this.closed) {
        if (this.fatal) throw this.fatal.error;
        if (this.complete) {
          let size = Math.min(this.batchSize, this.complete);
          while (!this.buffer[size - 1]!.endsCommit) size++;
          const batch = this.buffer.splice(0, size).map((entry) => entry.event);
          this.complete -= size;
          if (this.complete < this.batchSize) this.source?.resume();
          await this.options.onEvents(batch);
          this.delivered = batch[batch.length - 1]!.position;
          attempt = 0;
          continue;
        }
        if (this.drop) {
          const { error } = this.drop;
          this.drop = undefined;
          this.buffer = []; // a commit the drop cut short: read again, whole, after reconnecting
          attempt += 1;
          const delay = backoffDelay(attempt, this.options.backoff);
          this.options.onDrop?.(error, attempt, delay);
          await this.sleep(delay);
          continue;
        }
        if (!this.source) {
          this.connect();
          continue;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.detach();
    }
  }

  private connect(): void {
    this.queuedUpTo = this.delivered;
    this.buffer = [];
    this.complete = 0;
    let source: LiveSource<T>;
    try {
      source = this.options.open(this.delivered);
    } catch (error) {
      this.drop = { error };
      return;
    }
    this.source = source;
    source.on('data', (item) => {
      if (this.source !== source) return;
      let event: StoredEvent | undefined;
      try {
        event = this.options.toEvent(item);
      } catch (error) {
        this.fatal = { error };
        this.detach();
        this.signal();
        return;
      }
      if (!event || event.position <= this.queuedUpTo) return;
      this.queuedUpTo = event.position;
      const endsCommit = this.options.endsCommit?.(item) ?? true;
      this.buffer.push({ event, endsCommit });
      if (!endsCommit) return;
      this.complete = this.buffer.length;
      if (this.complete >= this.batchSize) source.pause();
      this.signal();
    });
    source.on('error', (error) => this.ended(source, error));
    source.on('end', () => this.ended(source, new Error('the subscription ended')));
  }

  private ended(source: LiveSource<T>, error: unknown): void {
    if (this.source !== source) return;
    this.detach();
    this.drop = { error };
    this.signal();
  }

  private detach(): void {
    const source = this.source;
    this.source = undefined;
    if (source) source.unsubscribe().catch(() => undefined);
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.signal(), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal();
    await this.done.catch(() => undefined);
  }
}
