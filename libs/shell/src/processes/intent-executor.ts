// Runs a process's intent as a command through the same handler as HTTP commands, completed with
// the facts its decider needs, as the system: `actor: { role: 'system', sub: <process> }`, with
// the event or timer that caused it as `causationId`.
import { Inject, Injectable } from '@nestjs/common';
import {
  bindingDecider,
  type BindingCommand,
  type Intent,
  parseAuthorizationId,
  parseProposalId,
  PROCESS_OF,
  serviceDecider,
  streams,
  systemActor,
} from '#libs/domain';
import type { Clock } from '#libs/platform';
import { CommandRunner } from '../commands/command-runner.js';
import { Facts } from '../commands/facts.js';
import { CLOCK } from '../infrastructure/injection-keys.js';

export interface Cause {
  /** The event that caused the intent, or a timer id such as `timer:expiry:<id>:<dueAt>`. */
  causationId: string;
  correlationId: string;
}

const NO_BANS = { partner: false, seller: false };

@Injectable()
export class IntentExecutor {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns how many events the intent appended (0 when the stream already was where it should be). */
  async execute(intent: Intent, cause: Cause): Promise<number> {
    const actor = systemActor(PROCESS_OF[intent.type]);
    const now = this.clock.now().toISOString();
    const context = { actor, now, correlationId: cause.correlationId, causationId: cause.causationId };
    if (intent.type === 'DeactivateService') {
      const command = { type: 'DeactivateService' as const, actor, now, cause: intent.cause };
      return (await this.runner.run(streams.service(intent.serviceId), serviceDecider, command, context)).events.length;
    }
    const key = intent.type === 'ExpireProposal' ? parseProposalId(intent.proposalId) : parseAuthorizationId(intent.authorizationId);
    if (!key) return 0;
    const base = { actor, now, bans: NO_BANS };
    let command: BindingCommand;
    switch (intent.type) {
      case 'DeactivateAuthorization':
        command = { ...base, type: 'DeactivateAuthorization', authorizationId: intent.authorizationId, endReason: intent.endReason };
        break;
      case 'ExpireAuthorization': {
        // Auto-renew needs the service still active and nobody banned.
        const serviceId = parseAuthorizationId(intent.authorizationId)!.serviceId;
        const [bans, service] = await Promise.all([this.facts.bans(key.partnerId, key.sellerId), this.facts.service(serviceId)]);
        command = { ...base, bans, type: 'ExpireAuthorization', authorizationId: intent.authorizationId, ...(service && { service }) };
        break;
      }
      case 'TimeOutAuthorizationCancellation':
        command = { ...base, type: 'TimeOutAuthorizationCancellation', authorizationId: intent.authorizationId };
        break;
      case 'ExpireProposal':
        command = { ...base, type: 'ExpireProposal', proposalId: intent.proposalId };
        break;
    }
    return (await this.runner.run(streams.binding(key.partnerId, key.sellerId), bindingDecider, command, context)).events.length;
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
