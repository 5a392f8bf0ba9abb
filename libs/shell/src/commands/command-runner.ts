// Runs a decider command for the HTTP shell and the processes alike: the generic handler with
// the request's actor, correlation and time, then read-your-writes on the embedded default.
import { Inject, Injectable, Optional } from '@nestjs/common';
import { type Decider, type DomainEvent, DomainError, schemaVersionOf } from '#libs/domain';
import { ConcurrencyExhaustedError, type EventStore, type Handled, handleCommand, type MetadataOverride, type StreamStates } from '#libs/event-store';
import { CrashAfterAppend } from '../idempotency/crash-after-append.js';
import { EVENT_STORE, STREAM_STATES } from '../infrastructure/injection-keys.js';
import { type CommandOutcome, Metrics } from '../operations/metrics.js';

export interface RunContext {
  actor: { role: string; sub: string };
  correlationId: string;
  causationId?: string | null;
  now: string;
  /** The command's key when its client sent an Idempotency-Key (idempotency/request-key.ts): see handleCommand. */
  idempotencyKey?: string;
}

export interface RunOptions<E> {
  annotate?: (events: E[], eventIds: string[]) => MetadataOverride[];
}

/** Called after every append with its position: the embedded read models catch up before the answer. */
export type AfterAppend = (position: bigint) => Promise<void>;

@Injectable()
export class CommandRunner {
  private readonly afterAppend: AfterAppend[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STREAM_STATES) private readonly states: StreamStates,
    private readonly metrics: Metrics,
    @Optional() private readonly crash?: CrashAfterAppend,
  ) {}

  onAppended(hook: AfterAppend): void {
    this.afterAppend.push(hook);
  }

  run<C, S, E extends DomainEvent>(
    streamName: string,
    decider: Decider<C, S, E>,
    command: C,
    context: RunContext,
    options: RunOptions<E> = {},
  ): Promise<Handled<S, E>> {
    const running = this.measured(streamName, decider, command, context, options);
    this.inFlight.add(running);
    const done = () => void this.inFlight.delete(running);
    running.then(done, done);
    return running;
  }

  /** Resolves once no command is running: a graceful shutdown waits for it before closing the stores. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private async measured<C, S, E extends DomainEvent>(
    streamName: string,
    decider: Decider<C, S, E>,
    command: C,
    context: RunContext,
    options: RunOptions<E>,
  ): Promise<Handled<S, E>> {
    const started = process.hrtime.bigint();
    let outcome: CommandOutcome = 'error';
    try {
      const { idempotencyKey, ...rest } = context;
      const handled = await handleCommand(
        this.store,
        streamName,
        decider,
        command,
        { ...rest, causationId: context.causationId ?? null },
        {
          schemaVersionOf,
          states: this.states,
          ...(options.annotate && { annotate: options.annotate }),
          ...(idempotencyKey !== undefined && { idempotencyKey }),
        },
      );
      const appended = handled.replayed ? [] : handled.events;
      if (appended.length && idempotencyKey !== undefined) await this.crash?.afterAppend(idempotencyKey);
      this.metrics.appended(appended);
      // A replayed command's events may be the last ones its crashed first run appended: the read models catch up with them too.
      if (handled.events.length) for (const hook of this.afterAppend) await hook(handled.position);
      outcome = appended.length ? 'appended' : 'unchanged';
      return handled;
    } catch (error) {
      outcome = error instanceof DomainError ? 'refused' : error instanceof ConcurrencyExhaustedError ? 'conflict' : 'error';
      throw error;
    } finally {
      const type = (command as { type?: unknown }).type;
      this.metrics.commandRan(typeof type === 'string' ? type : 'unknown', outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
