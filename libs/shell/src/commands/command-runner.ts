// Where every command runs, for HTTP routes and processes alike. The CommandBus routes an intent
// to the handler of its decider (one generic handler per decider, below); the handler completes it
// into the domain command (completion.ts) and the runner decides and appends it (handleCommand),
// counts it, and lets the embedded read models catch up before the answer (read-your-writes).
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type BanCommand,
  type BanEvent,
  banDecider,
  type BanIntent,
  type BanState,
  type BindingCommand,
  type BindingEvent,
  bindingDecider,
  type BindingIntent,
  type BindingState,
  type Decider,
  type DomainEvent,
  DomainError,
  schemaVersionOf,
  type ServiceCommand,
  type ServiceEvent,
  serviceDecider,
  type ServiceIntent,
  type ServiceState,
  systemActor,
  type WebhookCommand,
  type WebhookEvent,
  webhookDecider,
  type WebhookIntent,
  type WebhookState,
} from '#libs/domain';
import { ConcurrencyExhaustedError, type EventStore, type Handled, handleCommand, type MetadataOverride, type StreamStates } from '#libs/event-store';
import { CrashAfterAppend } from '../idempotency/crash-after-append.js';
import { EVENT_STORE, STREAM_STATES } from '../infrastructure/injection-keys.js';
import { type CommandOutcome, Metrics } from '../operations/metrics.js';
import { type Asker, type Completed, Completion } from './completion.js';

/** Who asks, when, and the request or event it comes from (an HTTP request's context is one). */
export interface RunContext extends Asker {
  correlationId: string;
  /** The event (or timer) that caused a process's command; null for a client's. */
  causationId?: string | null;
  /** The command's key when its client sent an Idempotency-Key (idempotency/request-key.ts): see handleCommand. */
  idempotencyKey?: string;
}

/**
 * One of several commands a request runs (a bulk renewal request: one per authorization): its
 * own key, so that two of them on one stream are told apart.
 */
export const partOf = <R extends RunContext>(run: R, part: string): R =>
  run.idempotencyKey === undefined ? run : { ...run, idempotencyKey: `${run.idempotencyKey}/${part}` };

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
      const { idempotencyKey, principal } = context;
      const handled = await handleCommand(
        this.store,
        streamName,
        decider,
        command,
        {
          actor: { role: principal.role, sub: principal.sub },
          correlationId: context.correlationId,
          causationId: context.causationId ?? null,
          now: context.now,
        },
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

/** The grants a signature makes are the system's, caused by the signature. */
export const PROPOSAL_SIGNING = 'proposal-signing';
export function signingMetadata(events: BindingEvent[], ids: string[]): MetadataOverride[] {
  const signed = events.findIndex((e) => e.type === 'ProposalSigned');
  return events.map((e) =>
    signed >= 0 && e.type === 'AuthorizationGranted' ? { actor: systemActor(PROPOSAL_SIGNING), causationId: ids[signed]! } : undefined,
  );
}

/** A message on the CommandBus: an intent and who sends it; its class names the decider that takes it. */
abstract class IntentMessage<I, S, E> extends Command<Handled<S, E>> {
  constructor(
    readonly intent: I,
    readonly context: RunContext,
  ) {
    super();
  }
}

export class RunBindingIntent extends IntentMessage<BindingIntent, BindingState, BindingEvent> {}
export class RunServiceIntent extends IntentMessage<ServiceIntent, ServiceState, ServiceEvent> {}
export class RunBanIntent extends IntentMessage<BanIntent, BanState, BanEvent> {}
export class RunWebhookIntent extends IntentMessage<WebhookIntent, WebhookState, WebhookEvent> {}

/** The generic handler of one decider: complete the intent, run the command on its stream. */
// @Injectable() only so that its constructor's types are recorded for Nest's injection into the subclasses.
@Injectable()
abstract class DeciderHandler<I, C, S, E extends DomainEvent> implements ICommandHandler<IntentMessage<I, S, E>> {
  protected abstract readonly decider: Decider<C, S, E>;

  constructor(
    protected readonly completion: Completion,
    private readonly runner: CommandRunner,
  ) {}

  protected abstract complete(intent: I, context: RunContext): Completed<C> | Promise<Completed<C>>;

  protected options(_intent: I): RunOptions<E> {
    return {};
  }

  async execute({ intent, context }: IntentMessage<I, S, E>): Promise<Handled<S, E>> {
    const { stream, command } = await this.complete(intent, context);
    return this.runner.run(stream, this.decider, command, context, this.options(intent));
  }
}

@CommandHandler(RunBindingIntent)
export class BindingCommands extends DeciderHandler<BindingIntent, BindingCommand, BindingState, BindingEvent> {
  protected readonly decider = bindingDecider;
  protected complete = (intent: BindingIntent, context: RunContext) => this.completion.binding(intent, context);
  protected override options = (intent: BindingIntent) => (intent.type === 'SignProposal' ? { annotate: signingMetadata } : {});
}

@CommandHandler(RunServiceIntent)
export class ServiceCommands extends DeciderHandler<ServiceIntent, ServiceCommand, ServiceState, ServiceEvent> {
  protected readonly decider = serviceDecider;
  protected complete = (intent: ServiceIntent, context: RunContext) => this.completion.service(intent, context);
}

@CommandHandler(RunBanIntent)
export class BanCommands extends DeciderHandler<BanIntent, BanCommand, BanState, BanEvent> {
  protected readonly decider = banDecider;
  protected complete = (intent: BanIntent, context: RunContext) => this.completion.ban(intent, context);
}

@CommandHandler(RunWebhookIntent)
export class WebhookCommands extends DeciderHandler<WebhookIntent, WebhookCommand, WebhookState, WebhookEvent> {
  protected readonly decider = webhookDecider;
  protected complete = (intent: WebhookIntent, context: RunContext) => this.completion.webhook(intent, context);
}
