import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ReasonDto } from '../services/service.dto.js';
import { CreateProposalDto } from './proposal.dto.js';
import { CreateProposalCommand, ProposalActionCommand, SignProposalCommand } from './proposal.commands.js';
import { GrantAnswer, ProposalAnswer, ProposalCreated } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand } from '../openapi/responses.js';

@ApiTags('proposals')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/proposals')
export class ProposalsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCommand(201, ProposalCreated, { problems: [404], description: 'sent to the seller (US_L2L and US_CB only)' })
  @Roles('partner')
  create(@Ctx() ctx: RequestContext, @Body() body: CreateProposalDto) {
    return this.commands.execute(new CreateProposalCommand(ctx, body));
  }

  @Post(':proposalId/withdraw')
  @ApiCommand(200, ProposalAnswer, { problems: [404], description: 'withdrawn while PENDING' })
  @HttpCode(200)
  @Roles('partner')
  withdraw(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string) {
    return this.commands.execute(new ProposalActionCommand(ctx, proposalId, { type: 'WithdrawProposal' }));
  }

  @Post(':proposalId/sign')
  @ApiCommand(201, GrantAnswer, {
    problems: [404],
    description: 'signed: the proposed services are granted as one grant (409 and FAILED when one can no longer be)',
  })
  @Roles('seller')
  sign(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string) {
    return this.commands.execute(new SignProposalCommand(ctx, proposalId));
  }

  @Post(':proposalId/decline')
  @ApiCommand(200, ProposalAnswer, { problems: [404], description: 'declined' })
  @HttpCode(200)
  @Roles('seller')
  decline(@Ctx() ctx: RequestContext, @Param('proposalId') proposalId: string, @Body() body: ReasonDto) {
    const action = { type: 'DeclineProposal' as const, ...(body.reason !== undefined && { reason: body.reason }) };
    return this.commands.execute(new ProposalActionCommand(ctx, proposalId, action));
  }
}
