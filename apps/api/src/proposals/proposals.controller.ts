// Proposals: the partner creates and withdraws; the seller signs or declines.
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PROPOSAL_DAYS, type ProposalFailed, proposalIdOf, proposalView } from '#libs/domain';
import { problem, ProblemError, Roles, RunBindingIntent } from '#libs/shell';
import { grantResult } from '../authorizations/grant-answer.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { newProposalNonce } from '../infrastructure/ids.js';
import { ReasonDto } from '../services/service.dto.js';
import { CreateProposalDto } from './proposal.dto.js';
import { GrantAnswer, ProposalAnswer, ProposalCreatedAnswer } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand } from '../openapi/responses.js';

@ApiTags('proposals')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/proposals')
export class ProposalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand(201, ProposalCreatedAnswer, { problems: [404], description: 'sent to the seller (US_L2L and US_CB only)' })
  @Roles('partner')
  async create(@Ctx() ctx: RequestContext, @Body() body: CreateProposalDto) {
    const partnerId = ctx.principal.sub;
    const proposalId = proposalIdOf({ partnerId, sellerId: body.sellerId, nonce: newProposalNonce(ctx.idempotencyKey) });
    const intent = {
      type: 'CreateProposal' as const,
      proposalId,
      partnerId,
      sellerId: body.sellerId,
      sellerMarket: body.sellerMarket,
      services: body.services,
      expiresInDays: body.expiresInDays ?? DEFAULT_PROPOSAL_DAYS,
      ...(body.message !== undefined && { message: body.message }),
    };
    const { position } = await this.commands.execute(new RunBindingIntent(intent, ctx));
    return { proposalId, position: String(position) };
  }

  @Post(':proposalId/withdraw')
  @ApiCommand(200, ProposalAnswer, { problems: [404], description: 'withdrawn while PENDING' })
  @HttpCode(200)
  @Roles('partner')
  withdraw(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string) {
    return this.act(ctx, { type: 'WithdrawProposal', proposalId });
  }

  @Post(':proposalId/sign')
  @ApiCommand(201, GrantAnswer, {
    problems: [404],
    description: 'signed: the proposed services are granted as one grant (409 and FAILED when one can no longer be)',
  })
  @Roles('seller')
  async sign(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string) {
    const handled = await this.commands.execute(new RunBindingIntent({ type: 'SignProposal', proposalId }, ctx));
    const failed = handled.events.find((e): e is ProposalFailed => e.type === 'ProposalFailed');
    // The failure is an event (the proposal is FAILED for good), not a refusal: the answer says where it is in the log.
    if (failed)
      throw new ProblemError(problem(409, failed.data.reason, `the proposal failed: ${failed.data.detail}`), { 'X-Event-Position': String(handled.position) });
    return grantResult(handled);
  }

  @Post(':proposalId/decline')
  @ApiCommand(200, ProposalAnswer, { problems: [404], description: 'declined' })
  @HttpCode(200)
  @Roles('seller')
  decline(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string, @Body() body: ReasonDto) {
    return this.act(ctx, { type: 'DeclineProposal', proposalId, ...(body.reason !== undefined && { reason: body.reason }) });
  }

  private async act(ctx: RequestContext, intent: { type: 'WithdrawProposal' | 'DeclineProposal'; proposalId: string; reason?: string }) {
    const { state, position, decidedAt } = await this.commands.execute(new RunBindingIntent(intent, ctx));
    return { proposal: proposalView(state.proposals[intent.proposalId]!, decidedAt), position: String(position) };
  }
}
