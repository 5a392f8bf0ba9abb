// Runs a decider command for the HTTP shell and the processes alike: the generic handler with
// the request's actor, correlation and time, then read-your-writes on the embedded default.
import { Inject, Injectable } from '@nestjs/common';
import { type Decider, type DomainEvent, schemaVersionOf } from '#libs/domain';
import { type EventStore, type Handled, handleCommand, type MetadataOverride } from '#libs/event-store';
import { EVENT_STORE } from '../infrastructure/tokens.js';

export interface RunContext {
  actor: { role: string; sub: string };
  correlationId: string;
  causationId?: string | null;
  now: string;
}

export interface RunOptions<E> {
  annotate?: (events: E[], eventIds: string[]) => MetadataOverride[];
}

/** Called after every append with its position: the embedded read models catch up before the answer. */
export type AfterAppend = (position: bigint) => Promise<void>;

@Injectable()
export class CommandRunner {
  private readonly afterAppend: AfterAppend[] = [];

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  onAppended(hook: AfterAppend): void {
    this.afterAppend.push(hook);
  }

  async run<C, S, E extends DomainEvent>(
    streamName: string,
    decider: Decider<C, S, E>,
    command: C,
    context: RunContext,
    options: RunOptions<E> = {},
  ): Promise<Handled<S, E>> {
    const handled = await handleCommand(this.store, streamName, decider, command, { ...context, causationId: context.causationId ?? null }, {
      schemaVersionOf,
      ...(options.annotate && { annotate: options.annotate }),
    });
    if (handled.events.length) for (const hook of this.afterAppend) await hook(handled.position);
    return handled;
  }
}
