import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ReasonDto } from '../services/service.dto.js';
import { CreateProposalDto } from './proposal.dto.js';
import { CreateProposalCommand, ProposalActionCommand, SignProposalCommand } from './proposal.commands.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('v1/proposals')
export class ProposalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('partner')
  create(@Ctx() ctx: RequestContext, @Body() body: CreateProposalDto) {
    return this.commands.execute(new CreateProposalCommand(ctx, body));
  }

  @Post(':proposalId/withdraw')
  @HttpCode(200)
  @Roles('partner')
  withdraw(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string) {
    return this.commands.execute(new ProposalActionCommand(ctx, proposalId, { type: 'WithdrawProposal' }));
  }

  @Post(':proposalId/sign')
  @Roles('seller')
  sign(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string) {
    return this.commands.execute(new SignProposalCommand(ctx, proposalId));
  }

  @Post(':proposalId/decline')
  @HttpCode(200)
  @Roles('seller')
  decline(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string, @Body() body: ReasonDto) {
    const action = { type: 'DeclineProposal' as const, ...(body.reason !== undefined && { reason: body.reason }) };
    return this.commands.execute(new ProposalActionCommand(ctx, proposalId, action));
  }
}
