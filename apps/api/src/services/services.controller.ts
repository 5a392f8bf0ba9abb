// The partner publishes and deactivates its services; anyone allowed reads one.
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { isVisibleTo, linkCodeOf, notFound, type ServiceState, serviceView, type ServiceView } from '#libs/domain';
import type { Config } from '#libs/platform';
import { CONFIG, Facts, Roles, RunServiceIntent } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { newServiceId } from '../infrastructure/ids.js';
import { linkBaseOf } from './link-base.js';
import { ReasonDto, PublishServiceDto } from './service.dto.js';
import { ServiceAnswer, ServicePublishedAnswer } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand, ApiRead } from '../openapi/responses.js';
import { ServiceView as ServiceViewSchema } from '../openapi/views.js';

@ApiTags('services')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/services')
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private viewOf(state: ServiceState, forOwner: boolean): ServiceView {
    if (state.status === 'NONE') throw new Error('unreachable: the decider refuses an unknown service');
    return serviceView(state, { linkBase: linkBaseOf(this.config), forOwner });
  }

  @Post()
  @ApiCommand(201, ServicePublishedAnswer, { description: 'published: share authorizationLink with sellers' })
  @Roles('partner')
  async publish(@Ctx() ctx: RequestContext, @Body() body: PublishServiceDto) {
    const serviceId = newServiceId(ctx.idempotencyKey);
    const linkCode = linkCodeOf(serviceId);
    const service = {
      serviceId,
      name: body.name,
      description: body.description ?? '',
      visibility: body.visibility,
      markets: body.markets,
      requestedScopes: body.requestedScopes,
      validityDays: body.validityDays ?? 365,
      linkCode,
      ...(body.sellerIds !== undefined && { sellerIds: body.sellerIds }),
    };
    const { position, state } = await this.commands.execute(new RunServiceIntent({ type: 'PublishService', serviceId, service }, ctx));
    return { serviceId, linkCode, authorizationLink: this.viewOf(state, true).authorizationLink, position: String(position) };
  }

  /** Read from the event store: never stale. */
  @Get(':serviceId')
  @ApiRead(ServiceViewSchema, { problems: [404], description: 'the service, read from the event store' })
  async get(@Ctx() ctx: RequestContext, @Param('serviceId') serviceId: string): Promise<ServiceView> {
    const state = await this.facts.serviceState(serviceId);
    const { principal } = ctx;
    const visible =
      state.status !== 'NONE' &&
      (principal.role === 'admin' ||
        principal.role === 'auditor' ||
        (principal.role === 'partner' && principal.sub === state.partnerId) ||
        (principal.role === 'seller' && isVisibleTo(state, principal.sub)));
    if (!visible) throw notFound('SERVICE.NOT_FOUND', 'no such service');
    return serviceView(state, { linkBase: linkBaseOf(this.config), forOwner: principal.role !== 'seller' });
  }

  @Post(':serviceId/deactivate')
  @ApiCommand(200, ServiceAnswer, { problems: [404], description: 'deactivated: every ACTIVE authorization of it becomes DEACTIVATED' })
  @HttpCode(200)
  @Roles('partner', 'admin')
  async deactivate(@Ctx() ctx: RequestContext, @Param('serviceId') serviceId: string, @Body() body: ReasonDto) {
    const cause = ctx.principal.role === 'admin' ? ('ADMIN' as const) : ('PARTNER' as const);
    const intent = { type: 'DeactivateService' as const, serviceId, cause, ...(body.reason !== undefined && { reason: body.reason }) };
    const { position, state } = await this.commands.execute(new RunServiceIntent(intent, ctx));
    return { service: this.viewOf(state, true), position: String(position) };
  }
}
