// Runs a process's intent through the CommandBus, as HTTP commands run, as the system:
// `actor: { role: 'system', sub: <process> }`, with the event or timer that caused it as `causationId`.
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseAuthorizationId, parseProposalId, PROCESS_OF, type ProcessIntent, systemActor } from '#libs/domain';
import type { Clock } from '#libs/platform';
import { RunBindingIntent, RunServiceIntent } from '../commands/command-runner.js';
import { CLOCK } from '../infrastructure/injection-keys.js';

export interface Cause {
  /** The event that caused the intent, or a timer id such as `timer:expiry:<id>:<dueAt>`. */
  causationId: string;
  correlationId: string;
}

@Injectable()
export class IntentExecutor {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns how many events the intent appended (0 when the stream already was where it should be). */
  async execute(intent: ProcessIntent, cause: Cause): Promise<number> {
    const context = { principal: systemActor(PROCESS_OF[intent.type]), now: this.clock.now().toISOString(), ...cause };
    if (intent.type === 'DeactivateService') return (await this.commands.execute(new RunServiceIntent(intent, context))).events.length;
    // An id no process could have read from an event names no stream: nothing to do.
    if (!(intent.type === 'ExpireProposal' ? parseProposalId(intent.proposalId) : parseAuthorizationId(intent.authorizationId))) return 0;
    return (await this.commands.execute(new RunBindingIntent(intent, context))).events.length;
  }
}

/** Runs tasks with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
