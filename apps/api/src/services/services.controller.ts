import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { isVisibleTo, notFound, serviceDecider, serviceView, type ServiceView, streams } from '#libs/domain';
import { type EventStore, loadState } from '#libs/event-store';
import type { Config } from '#libs/platform';
import { CONFIG, EVENT_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ReasonDto, PublishServiceDto } from './service.dto.js';
import { DeactivateServiceCommand, linkBaseOf, PublishServiceCommand } from './service.commands.js';
import { ServiceAnswer, ServicePublished } from '../openapi/answers.js';
import { ApiAuthenticated, ApiCommand, ApiRead } from '../openapi/responses.js';
import { ServiceView as ServiceViewSchema } from '../openapi/views.js';

@ApiTags('services')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/services')
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post()
  @ApiCommand(201, ServicePublished, { description: 'published: share authorizationLink with sellers' })
  @Roles('partner')
  publish(@Ctx() ctx: RequestContext, @Body() body: PublishServiceDto) {
    return this.commands.execute(new PublishServiceCommand(ctx, body));
  }

  /** Read from the event store: never stale. */
  @Get(':serviceId')
  @ApiRead(ServiceViewSchema, { problems: [404], description: 'the service, read from the event store' })
  async get(@Ctx() ctx: RequestContext, @Param('serviceId') serviceId: string): Promise<ServiceView> {
    const { state } = await loadState(this.store, streams.service(serviceId), serviceDecider);
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
  deactivate(@Ctx() ctx: RequestContext, @Param('serviceId') serviceId: string, @Body() body: ReasonDto) {
    return this.commands.execute(new DeactivateServiceCommand(ctx, serviceId, body.reason));
  }
}
