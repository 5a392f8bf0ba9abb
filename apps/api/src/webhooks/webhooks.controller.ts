// The partner's webhooks: subscribe, list, unsubscribe, rotate the secret, and the delivery log.
import { Body, Controller, Delete, Get, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { notFound, streams, webhookDecider } from '#libs/domain';
import { type EventStore, loadState } from '#libs/event-store';
import type { Delivery, DeliveryStore } from '#libs/operational';
import { partnerWebhooks, type ReadStore } from '#libs/read-models';
import { DELIVERY_STORE, EVENT_STORE, READ_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ApiAuthenticated, ApiCommand, ApiPage, ApiRead } from '../openapi/responses.js';
import { MinPositionInterceptor } from '../read-side/min-position.interceptor.js';
import { RotateWebhookSecretCommand, SubscribeWebhookCommand, UnsubscribeWebhookCommand } from './webhook.commands.js';
import { DeliveriesQueryDto, DeliveryListDto, PositionDto, SecretRotatedDto, SubscribeWebhookDto, WebhookCreatedDto, WebhookListDto } from './webhook.dto.js';

const deliveryView = (d: Delivery) => ({
  deliveryId: d.deliveryId,
  eventId: d.eventId,
  eventType: d.eventType,
  attempts: d.attempts,
  status: d.status,
  ...(d.lastStatusCode !== undefined && { lastStatusCode: d.lastStatusCode }),
  ...(d.lastError !== undefined && { lastError: d.lastError }),
  ...(d.status === 'PENDING' && d.nextAttemptAt !== undefined && { nextAttemptAt: d.nextAttemptAt }),
  ...(d.deliveredAt !== undefined && { deliveredAt: d.deliveredAt }),
  createdAt: d.createdAt,
});

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/webhooks')
@Roles('partner')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(DELIVERY_STORE) private readonly deliveries: DeliveryStore,
  ) {}

  @Post()
  @ApiCommand(201, WebhookCreatedDto, { problems: [400, 422], description: 'subscribed: the secret is shown only here' })
  subscribe(@Ctx() ctx: RequestContext, @Body() body: SubscribeWebhookDto) {
    return this.commands.execute(new SubscribeWebhookCommand(ctx, body));
  }

  @Get()
  @UseInterceptors(MinPositionInterceptor)
  @ApiPage(WebhookListDto, { description: "the partner's webhooks, without their secrets" })
  list(@Ctx() ctx: RequestContext) {
    return partnerWebhooks(this.readStore, ctx.principal.sub);
  }

  @Delete(':webhookId')
  @ApiCommand(200, PositionDto, { problems: [404], description: 'unsubscribed: nothing more is sent to it' })
  unsubscribe(@Ctx() ctx: RequestContext, @Param('webhookId') webhookId: string) {
    return this.commands.execute(new UnsubscribeWebhookCommand(ctx, webhookId));
  }

  @Post(':webhookId/secret-rotations')
  @ApiCommand(201, SecretRotatedDto, {
    problems: [404],
    description: 'a new signing secret, shown only here; until the old one expires deliveries carry a signature for each',
  })
  rotateSecret(@Ctx() ctx: RequestContext, @Param('webhookId') webhookId: string) {
    return this.commands.execute(new RotateWebhookSecretCommand(ctx, webhookId));
  }

  /** Ownership from the webhook's stream (never stale); the log from the delivery store. */
  @Get(':webhookId/deliveries')
  @ApiRead(DeliveryListDto, { problems: [400, 404], description: 'the delivery log, newest first' })
  async deliveryLog(@Ctx() ctx: RequestContext, @Param('webhookId') webhookId: string, @Query() query: DeliveriesQueryDto) {
    const { state } = await loadState(this.events, streams.webhook(webhookId), webhookDecider);
    if (state.status !== 'SUBSCRIBED' || state.partnerId !== ctx.principal.sub) throw notFound('WEBHOOK.NOT_FOUND', 'no such webhook');
    return { items: (await this.deliveries.list(webhookId, query.limit ?? 100)).map(deliveryView) };
  }
}
