// One subscription to the log per process, fanned out to every open change stream: the embedded
// store's live feed, or EventStoreDB's catch-up subscription when the projector runs elsewhere.
// It starts with the first stream and follows the log from its head; each stream reads what came
// before from the store itself (change-stream.ts).
//
// Streams never end by themselves, so the feed ends them when the HTTP drain starts (a graceful
// shutdown would otherwise wait for them until its deadline) and when the app closes; clients
// reconnect elsewhere with Last-Event-ID and lose nothing.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import type { Watcher } from '#libs/domain';
import type { EventStore, StoredEvent, Subscription } from '#libs/event-store';
import type { Clock, Config } from '#libs/platform';
import { CLOCK, CONFIG, ConnectionDrain, EVENT_STORE, problem, ProblemError } from '#libs/shell';
import { ChangeStream, type StopReason } from './change-stream.js';

const RETRY_AFTER_SECONDS = '1';

@Injectable()
export class ChangeFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ChangeFeed');
  private readonly streams = new Set<ChangeStream>();
  private readonly perPrincipal = new Map<string, number>();
  private subscription: Subscription | undefined;
  private starting: Promise<void> | undefined;
  /** The position of the last event the subscription handed out. */
  private position = 0n;
  private closing = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (fastify) ConnectionDrain.of(fastify)?.onDrain(() => this.close());
  }

  async onModuleDestroy(): Promise<void> {
    this.close();
    await this.subscription?.close();
  }

  /** How many streams are open now. */
  get openStreams(): number {
    return this.streams.size;
  }

  /**
   * A new stream for this principal, after `after` (exclusive) or, without one, from now on;
   * `tokenExpiresAt` (seconds, the token's `exp`) ends it once the token would be refused.
   */
  async open(watcher: Watcher, after: bigint | undefined, tokenExpiresAt?: number): Promise<ChangeStream> {
    if (this.closing) throw shuttingDown();
    const key = `${watcher.role}:${watcher.sub}`;
    const held = this.perPrincipal.get(key) ?? 0;
    if (held >= this.config.changesStreamsPerPrincipal)
      throw new ProblemError(
        problem(429, 'CHANGES.TOO_MANY_STREAMS', `at most ${this.config.changesStreamsPerPrincipal} change streams open at once per principal`),
        {
          'Retry-After': RETRY_AFTER_SECONDS,
        },
      );
    this.perPrincipal.set(key, held + 1);
    const release = () => {
      const left = (this.perPrincipal.get(key) ?? 1) - 1;
      if (left > 0) this.perPrincipal.set(key, left);
      else this.perPrincipal.delete(key);
    };
    try {
      await this.start();
    } catch (error) {
      release();
      throw error;
    }
    if (this.closing) {
      release();
      throw shuttingDown();
    }
    const stream = new ChangeStream({
      watcher: { role: watcher.role, sub: watcher.sub },
      store: this.store,
      bufferEvents: this.config.changesBufferEvents,
      // A socket silent for HTTP_CONNECTION_TIMEOUT_MS is closed by the server: a stream's comments
      // come at least twice as often, whatever CHANGES_KEEP_ALIVE_MS says.
      keepAliveMs: Math.min(this.config.changesKeepAliveMs, Math.floor(this.config.connectionTimeoutMs / 2)),
      ...(tokenExpiresAt !== undefined && { validUntilMs: (tokenExpiresAt + this.config.jwtClockSkewSeconds) * 1_000 }),
      now: () => this.clock.now().getTime(),
      onStop: (s, reason, error) => this.stopped(s, reason, release, error),
    });
    this.streams.add(stream);
    // No await between reading the position and joining: every later event reaches the stream live.
    stream.start(after ?? this.position, this.position);
    return stream;
  }

  /** Ends every stream and refuses new ones: shutdown. */
  close(): void {
    this.closing = true;
    this.endStreams();
  }

  /** Ends every open stream; their clients reconnect with Last-Event-ID. */
  endStreams(): void {
    for (const stream of [...this.streams]) stream.end();
  }

  private stopped(stream: ChangeStream, reason: StopReason, release: () => void, error?: unknown): void {
    this.streams.delete(stream);
    release();
    const who = `${stream.watcher.role}:${stream.watcher.sub}`;
    if (reason === 'not-reading') this.logger.warn(`change stream of ${who} cut: the client does not read`);
    // The client reconnects with Last-Event-ID and resumes from the store.
    if (reason === 'failed') this.logger.error(`change stream of ${who} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  private start(): Promise<void> {
    this.starting ??= this.subscribe().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  private async subscribe(): Promise<void> {
    this.position = await this.store.headPosition();
    const subscription = this.store.subscribe({ fromPosition: this.position, batchSize: 500, onEvents: (batch) => this.publish(batch) });
    this.subscription = subscription;
    const ended = (error?: unknown) => {
      if (this.subscription !== subscription) return;
      this.subscription = undefined;
      this.starting = undefined;
      if (this.closing) return;
      // Clients resume with Last-Event-ID; the next stream opened subscribes again.
      this.logger.error(`change feed subscription stopped: ${error instanceof Error ? (error.stack ?? error.message) : 'closed'}`);
      this.endStreams();
    };
    subscription.done.then(
      () => ended(),
      (error: unknown) => ended(error),
    );
  }

  private publish(batch: StoredEvent[]): void {
    if (!batch.length) return;
    this.position = batch[batch.length - 1]!.position;
    for (const stream of this.streams) stream.offer(batch);
  }
}

const shuttingDown = () =>
  new ProblemError(problem(503, 'CHANGES.SHUTTING_DOWN', 'this instance is shutting down: reconnect'), { 'Retry-After': RETRY_AFTER_SECONDS });
