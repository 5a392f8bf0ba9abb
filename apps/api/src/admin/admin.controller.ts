import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type BanIntent, isPrincipalId, notFound } from '#libs/domain';
import { Roles, RunBanIntent } from '#libs/shell';
import { actOn } from '../authorizations/authorizations.controller.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ReasonDto, RequiredReasonDto } from '../services/service.dto.js';
import { AuthorizationAnswer, CommandPosition } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand } from '../openapi/responses.js';

@ApiTags('admin')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly commands: CommandBus) {}

  @Post('authorizations/:authorizationId/deactivate')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'DEACTIVATED (ADMIN_DEACTIVATED)' })
  @HttpCode(200)
  deactivate(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Body() body: ReasonDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const intent = {
      type: 'DeactivateAuthorization' as const,
      authorizationId: id,
      endReason: 'ADMIN_DEACTIVATED' as const,
      ...(body.reason !== undefined && { reason: body.reason }),
    };
    return actOn(this.commands, ctx, intent, reply);
  }

  private async ban(ctx: RequestContext, intent: BanIntent) {
    const { position } = await this.commands.execute(new RunBanIntent(intent, ctx));
    return { position: String(position) };
  }

  @Post('partners/:partnerId/ban')
  @ApiCommand(200, CommandPosition, { problems: [404], description: 'banned: its services and the ACTIVE authorizations given to it are deactivated' })
  @HttpCode(200)
  banPartner(@Ctx() ctx: RequestContext, @Param('partnerId') partnerId: string, @Body() body: RequiredReasonDto) {
    if (!isPrincipalId(partnerId)) throw notFound('PARTNER.NOT_FOUND', 'no such partner');
    return this.ban(ctx, { type: 'BanPartner', partnerId, reason: body.reason });
  }

  @Post('sellers/:sellerId/ban')
  @ApiCommand(200, CommandPosition, { problems: [404], description: 'banned: its ACTIVE authorizations are deactivated' })
  @HttpCode(200)
  banSeller(@Ctx() ctx: RequestContext, @Param('sellerId') sellerId: string, @Body() body: RequiredReasonDto) {
    if (!isPrincipalId(sellerId)) throw notFound('SELLER.NOT_FOUND', 'no such seller');
    return this.ban(ctx, { type: 'BanSeller', sellerId, reason: body.reason });
  }
}
