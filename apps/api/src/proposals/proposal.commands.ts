// Proposals: the partner creates and withdraws; the seller signs or declines.
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  bindingDecider,
  type BindingEvent,
  type CreateProposal,
  DEFAULT_PROPOSAL_DAYS,
  entryOf,
  type Market,
  notFound,
  parseProposalId,
  type ProposalFailed,
  proposalIdOf,
  proposalView,
  type ProposalView,
  type SignProposal,
  streams,
  systemActor,
} from '#libs/domain';
import { type EventStore, loadState, type MetadataOverride } from '#libs/event-store';
import type { Config } from '#libs/platform';
import { CommandRunner, CONFIG, EVENT_STORE, Facts, problem, ProblemError } from '#libs/shell';
import { marketSettingsOf } from '../commands/market-settings.js';
import { runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';
import { newProposalNonce } from '../infrastructure/ids.js';
import { grantResult, type GrantResult } from '../authorizations/grant.command.js';
import type { CreateProposalDto } from './proposal.dto.js';

export class CreateProposalCommand extends Command<{ proposalId: string; position: string }> {
  constructor(
    readonly context: RequestContext,
    readonly body: CreateProposalDto,
  ) {
    super();
  }
}

@CommandHandler(CreateProposalCommand)
export class CreateProposalHandler implements ICommandHandler<CreateProposalCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, body }: CreateProposalCommand) {
    const partnerId = context.principal.sub;
    const proposalId = proposalIdOf({ partnerId, sellerId: body.sellerId, nonce: newProposalNonce(context.idempotencyKey) });
    const [bans, services] = await Promise.all([this.facts.bans(partnerId, body.sellerId), this.facts.services(body.services.map((s) => s.serviceId))]);
    const command: CreateProposal = {
      type: 'CreateProposal',
      actor: context.principal,
      now: context.now,
      bans,
      proposalId,
      partnerId,
      sellerId: body.sellerId,
      sellerMarket: body.sellerMarket,
      services: body.services.map((s) => ({ ...s, scopes: { ...s.scopes }, service: entryOf(services, s.serviceId) })),
      expiresInDays: body.expiresInDays ?? DEFAULT_PROPOSAL_DAYS,
      settings: marketSettingsOf(this.config),
      ...(body.message !== undefined && { message: body.message }),
    };
    const { position } = await this.runner.run(streams.binding(partnerId, body.sellerId), bindingDecider, command, runContextOf(context));
    return { proposalId, position: String(position) };
  }
}

export type ProposalAction = { type: 'WithdrawProposal' } | { type: 'DeclineProposal'; reason?: string };

export class ProposalActionCommand extends Command<{ proposal: ProposalView; position: string }> {
  constructor(
    readonly context: RequestContext,
    readonly proposalId: string,
    readonly action: ProposalAction,
  ) {
    super();
  }
}

@CommandHandler(ProposalActionCommand)
export class ProposalActionHandler implements ICommandHandler<ProposalActionCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
  ) {}

  async execute({ context, proposalId, action }: ProposalActionCommand) {
    const key = parseProposalId(proposalId);
    if (!key) throw notFound('PROPOSAL.NOT_FOUND', 'no such proposal');
    const bans = await this.facts.bans(key.partnerId, key.sellerId);
    const command = { ...action, proposalId, actor: context.principal, now: context.now, bans };
    const { state, position, decidedAt } = await this.runner.run(streams.binding(key.partnerId, key.sellerId), bindingDecider, command, runContextOf(context));
    return { proposal: proposalView(state.proposals[proposalId]!, decidedAt), position: String(position) };
  }
}

export const PROPOSAL_SIGNING = 'proposal-signing';

/** The grants a signature makes are the system's, caused by the signature. */
export function signingMetadata(events: BindingEvent[], ids: string[]): MetadataOverride[] {
  const signed = events.findIndex((e) => e.type === 'ProposalSigned');
  return events.map((e) =>
    signed >= 0 && e.type === 'AuthorizationGranted' ? { actor: systemActor(PROPOSAL_SIGNING), causationId: ids[signed]! } : undefined,
  );
}

export class SignProposalCommand extends Command<GrantResult> {
  constructor(
    readonly context: RequestContext,
    readonly proposalId: string,
  ) {
    super();
  }
}

@CommandHandler(SignProposalCommand)
export class SignProposalHandler implements ICommandHandler<SignProposalCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, proposalId }: SignProposalCommand): Promise<GrantResult> {
    const key = parseProposalId(proposalId);
    if (!key) throw notFound('PROPOSAL.NOT_FOUND', 'no such proposal');
    const stream = streams.binding(key.partnerId, key.sellerId);
    const proposed = entryOf((await loadState(this.store, stream, bindingDecider)).state.proposals, proposalId);
    const [bans, services] = await Promise.all([
      this.facts.bans(key.partnerId, key.sellerId),
      this.facts.services(proposed?.services.map((s) => s.serviceId) ?? []),
    ]);
    const command: SignProposal = {
      type: 'SignProposal',
      proposalId,
      actor: context.principal,
      now: context.now,
      bans,
      market: context.principal.market as Market,
      services,
      settings: marketSettingsOf(this.config),
    };
    const { events, position } = await this.runner.run(stream, bindingDecider, command, runContextOf(context), { annotate: signingMetadata });
    const failed = events.find((e): e is ProposalFailed => e.type === 'ProposalFailed');
    if (failed)
      throw new ProblemError(problem(409, failed.data.reason, `the proposal failed: ${failed.data.detail}`), { 'X-Event-Position': String(position) });
    return grantResult(events, position);
  }
}
