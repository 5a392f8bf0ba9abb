import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { isVisibleTo, notFound, serviceDecider, serviceView, type ServiceView, streams } from '#libs/domain';
import { type EventStore, loadState } from '#libs/event-store';
import type { Config } from '#libs/platform';
import { Roles } from '../auth/auth.decorators.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';
import { ReasonDto, PublishServiceDto } from './service.dto.js';
import { DeactivateServiceCommand, linkBaseOf, PublishServiceCommand } from './service.commands.js';

@ApiTags('services')
@ApiBearerAuth()
@Controller('v1/services')
export class ServicesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post()
  @Roles('partner')
  publish(@Ctx() ctx: RequestContext, @Body() body: PublishServiceDto) {
    return this.commands.execute(new PublishServiceCommand(ctx, body));
  }

  /** Read from the event store: never stale. */
  @Get(':serviceId')
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
  @HttpCode(200)
  @Roles('partner', 'admin')
  deactivate(@Ctx() ctx: RequestContext, @Param('serviceId') serviceId: string, @Body() body: ReasonDto) {
    return this.commands.execute(new DeactivateServiceCommand(ctx, serviceId, body.reason));
  }
}
