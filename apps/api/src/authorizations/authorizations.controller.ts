// The seller grants and manages its authorizations; the partner asks for renewals and cancellations.
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  type AuthorizationIntent,
  authorizationLinkOf,
  authorizationView,
  type AuthorizationView,
  canSee,
  findAuthorization,
  linkCodeOf,
  notFound,
  parseAuthorizationId,
} from '#libs/domain';
import type { Config } from '#libs/platform';
import { badRequest, CONFIG, Facts, Roles, RunBindingIntent } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ReasonDto } from '../services/service.dto.js';
import { linkBaseOf } from '../services/link-base.js';
import { BulkRenewalRequestDto, CancellationRequestDto, EditAuthorizationDto, GrantAuthorizationsDto } from './authorization.dto.js';
import { grantResult } from './grant-answer.js';
import { RenewalRequests } from './renewal-requests.js';
import { AuthorizationAnswer, CommandPosition, GrantAnswer, RenewalRequested, RenewalsRequested } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand, ApiRead } from '../openapi/responses.js';
import { AuthorizationViewSchema } from '../openapi/views.js';

const etagOf = (view: AuthorizationView) => `"${view.revision}"`;

export interface AuthorizationActionResult {
  authorization: AuthorizationView;
  position: string;
}

/** Runs an action on an authorization and answers with its view, the revision as ETag. */
export async function actOn(commands: CommandBus, ctx: RequestContext, intent: AuthorizationIntent, reply: FastifyReply): Promise<AuthorizationActionResult> {
  const { state, position, decidedAt } = await commands.execute(new RunBindingIntent(intent, ctx));
  const authorization = findAuthorization(state, intent.authorizationId);
  if (!authorization) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
  const view = authorizationView(authorization, decidedAt);
  void reply.header('ETag', etagOf(view));
  return { authorization: view, position: String(position) };
}

@ApiTags('authorizations')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1')
export class AuthorizationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly facts: Facts,
    private readonly renewalRequests: RenewalRequests,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('authorizations')
  @ApiCommand(201, GrantAnswer, { problems: [404], description: 'granted, all or nothing' })
  @Roles('seller')
  async grant(@Ctx() ctx: RequestContext, @Body() body: GrantAuthorizationsDto) {
    return grantResult(await this.commands.execute(new RunBindingIntent({ type: 'GrantAuthorizations', linkCode: body.linkCode, grants: body.grants }, ctx)));
  }

  /** Read from the event store itself, never stale, with the revision as ETag. */
  @Get('authorizations/:authorizationId')
  @ApiRead(AuthorizationViewSchema, { problems: [404], etag: true, description: 'read from the event store itself: never stale' })
  @Roles('seller', 'partner', 'admin', 'auditor')
  async get(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthorizationView> {
    const key = parseAuthorizationId(id);
    const state = key && (await this.facts.binding(key.partnerId, key.sellerId));
    const authorization = state && findAuthorization(state, id);
    if (!authorization || !canSee(ctx.principal, authorization)) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
    const view = authorizationView(authorization, ctx.now);
    void reply.header('ETag', etagOf(view));
    return view;
  }

  @Patch('authorizations/:authorizationId')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'scopes or autoRenew changed' })
  @Roles('seller')
  edit(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Body() body: EditAuthorizationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    // "At least one" is about the request's fields: a body naming neither is 400 (API.md), before any state is read.
    if (body.scopes === undefined && body.autoRenew === undefined)
      throw badRequest('give scopes or autoRenew (at least one)', [
        { field: 'scopes', message: 'give scopes or autoRenew' },
        { field: 'autoRenew', message: 'give scopes or autoRenew' },
      ]);
    const intent: AuthorizationIntent & { type: 'EditAuthorization' } = { type: 'EditAuthorization', authorizationId: id };
    if (body.scopes !== undefined) intent.scopes = { ...body.scopes };
    if (body.autoRenew !== undefined) intent.autoRenew = body.autoRenew;
    return actOn(this.commands, ctx, intent, reply);
  }

  @Post('authorizations/:authorizationId/renew')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'renewed: expiresAt = now + validityDays' })
  @HttpCode(200)
  @Roles('seller')
  renew(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return actOn(this.commands, ctx, { type: 'RenewAuthorization', authorizationId: id }, reply);
  }

  @Post('authorizations/:authorizationId/cancel')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'cancelled' })
  @HttpCode(200)
  @Roles('seller')
  cancel(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Body() body: ReasonDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return actOn(this.commands, ctx, { type: 'CancelAuthorization', authorizationId: id, ...(body.reason !== undefined && { reason: body.reason }) }, reply);
  }

  @Post('authorizations/:authorizationId/cancellation-requests')
  @ApiCommand(201, CommandPosition, { problems: [404], etag: true, description: 'asked; the authorization stays ACTIVE while pending' })
  @Roles('partner')
  async requestCancellation(
    @Ctx() ctx: RequestContext,
    @Param('authorizationId') id: string,
    @Body() body: CancellationRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const intent: AuthorizationIntent = {
      type: 'RequestAuthorizationCancellation',
      authorizationId: id,
      reason: body.reason,
      ...(body.note !== undefined && { note: body.note }),
    };
    const { position } = await actOn(this.commands, ctx, intent, reply);
    return { position };
  }

  @Post('authorizations/:authorizationId/cancellation-requests/approve')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'approved: the authorization is CANCELLED' })
  @HttpCode(200)
  @Roles('seller')
  approveCancellation(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return actOn(this.commands, ctx, { type: 'ApproveAuthorizationCancellation', authorizationId: id }, reply);
  }

  @Post('authorizations/:authorizationId/cancellation-requests/reject')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'rejected: the authorization stays ACTIVE' })
  @HttpCode(200)
  @Roles('seller')
  rejectCancellation(
    @Ctx() ctx: RequestContext,
    @Param('authorizationId') id: string,
    @Body() body: ReasonDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return actOn(
      this.commands,
      ctx,
      { type: 'RejectAuthorizationCancellation', authorizationId: id, ...(body.reason !== undefined && { reason: body.reason }) },
      reply,
    );
  }

  @Delete('authorizations/:authorizationId')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: "removed from the seller's page (its history stays)" })
  @Roles('seller')
  remove(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return actOn(this.commands, ctx, { type: 'RemoveAuthorization', authorizationId: id }, reply);
  }

  @Post('authorizations/:authorizationId/renewal-requests')
  @ApiCommand(201, RenewalRequested, { problems: [404], etag: true, description: 'asked: the seller is sent the link again' })
  @Roles('partner')
  async requestRenewal(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { authorization, position } = await actOn(this.commands, ctx, { type: 'RequestAuthorizationRenewal', authorizationId: id }, reply);
    return { authorizationLink: authorizationLinkOf(linkBaseOf(this.config), linkCodeOf(authorization.serviceId)), position };
  }

  @Post('partner/renewal-requests')
  @ApiCommand(201, RenewalsRequested, { problems: [404], description: 'asked for each authorization named or expiring within the days' })
  @Roles('partner')
  requestRenewals(@Ctx() ctx: RequestContext, @Body() body: BulkRenewalRequestDto) {
    return this.renewalRequests.request(ctx, body);
  }
}
