import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  authorizationLinkOf,
  authorizationView,
  type AuthorizationView,
  bindingDecider,
  canSee,
  findAuthorization,
  linkCodeOf,
  notFound,
  parseAuthorizationId,
  streams,
} from '#libs/domain';
import { type EventStore, loadState } from '#libs/event-store';
import type { Config } from '#libs/platform';
import { badRequest, CONFIG, EVENT_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ReasonDto } from '../services/service.dto.js';
import { linkBaseOf } from '../services/service.commands.js';
import { AuthorizationActionCommand, type AuthorizationAction, type AuthorizationActionResult } from './authorization-action.command.js';
import { BulkRenewalRequestDto, CancellationRequestDto, EditAuthorizationDto, GrantAuthorizationsDto } from './authorization.dto.js';
import { GrantAuthorizationsCommand } from './grant.command.js';
import { RequestRenewalsCommand } from './renewal-requests.command.js';
import { AuthorizationAnswer, CommandPosition, GrantAnswer, RenewalRequested, RenewalsRequested } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand, ApiRead } from '../openapi/responses.js';
import { AuthorizationView as AuthorizationViewSchema } from '../openapi/views.js';

const etagOf = (view: AuthorizationView) => `"${view.revision}"`;

@ApiTags('authorizations')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1')
export class AuthorizationsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private async act(ctx: RequestContext, id: string, action: AuthorizationAction, reply: FastifyReply): Promise<AuthorizationActionResult> {
    const result = await this.commands.execute(new AuthorizationActionCommand(ctx, id, action));
    void reply.header('ETag', etagOf(result.authorization));
    return result;
  }

  @Post('authorizations')
  @ApiCommand(201, GrantAnswer, { problems: [404], description: 'granted, all or nothing' })
  @Roles('seller')
  grant(@Ctx() ctx: RequestContext, @Body() body: GrantAuthorizationsDto) {
    return this.commands.execute(new GrantAuthorizationsCommand(ctx, body));
  }

  /** Read from the event store itself, never stale, with the revision as ETag. */
  @Get('authorizations/:authorizationId')
  @ApiRead(AuthorizationViewSchema, { problems: [404], etag: true, description: 'read from the event store itself: never stale' })
  @Roles('seller', 'partner', 'admin', 'auditor')
  async get(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AuthorizationView> {
    const key = parseAuthorizationId(id);
    const state = key && (await loadState(this.store, streams.binding(key.partnerId, key.sellerId), bindingDecider)).state;
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
    const action: AuthorizationAction = { type: 'EditAuthorization' };
    if (body.scopes !== undefined) action.scopes = { ...body.scopes };
    if (body.autoRenew !== undefined) action.autoRenew = body.autoRenew;
    return this.act(ctx, id, action, reply);
  }

  @Post('authorizations/:authorizationId/renew')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'renewed: expiresAt = now + validityDays' })
  @HttpCode(200)
  @Roles('seller')
  renew(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(ctx, id, { type: 'RenewAuthorization' }, reply);
  }

  @Post('authorizations/:authorizationId/cancel')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'cancelled' })
  @HttpCode(200)
  @Roles('seller')
  cancel(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Body() body: ReasonDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(ctx, id, { type: 'CancelAuthorization', ...(body.reason !== undefined && { reason: body.reason }) }, reply);
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
    const action: AuthorizationAction = { type: 'RequestAuthorizationCancellation', reason: body.reason, ...(body.note !== undefined && { note: body.note }) };
    const { position } = await this.act(ctx, id, action, reply);
    return { position };
  }

  @Post('authorizations/:authorizationId/cancellation-requests/approve')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: 'approved: the authorization is CANCELLED' })
  @HttpCode(200)
  @Roles('seller')
  approveCancellation(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(ctx, id, { type: 'ApproveAuthorizationCancellation' }, reply);
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
    return this.act(ctx, id, { type: 'RejectAuthorizationCancellation', ...(body.reason !== undefined && { reason: body.reason }) }, reply);
  }

  @Delete('authorizations/:authorizationId')
  @ApiCommand(200, AuthorizationAnswer, { problems: [404], etag: true, description: "removed from the seller's page (its history stays)" })
  @Roles('seller')
  remove(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.act(ctx, id, { type: 'RemoveAuthorization' }, reply);
  }

  @Post('authorizations/:authorizationId/renewal-requests')
  @ApiCommand(201, RenewalRequested, { problems: [404], etag: true, description: 'asked: the seller is sent the link again' })
  @Roles('partner')
  async requestRenewal(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { authorization, position } = await this.act(ctx, id, { type: 'RequestAuthorizationRenewal' }, reply);
    return { authorizationLink: authorizationLinkOf(linkBaseOf(this.config), linkCodeOf(authorization.serviceId)), position };
  }

  @Post('partner/renewal-requests')
  @ApiCommand(201, RenewalsRequested, { problems: [404], description: 'asked for each authorization named or expiring within the days' })
  @Roles('partner')
  requestRenewals(@Ctx() ctx: RequestContext, @Body() body: BulkRenewalRequestDto) {
    return this.commands.execute(new RequestRenewalsCommand(ctx, body));
  }
}
