// The partner's webhooks: subscribe, list, unsubscribe, rotate the secret, and the delivery log.
import { Body, Controller, Delete, Get, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { fieldRule, notFound, WEBHOOK_EVENT_TYPES, type WebhookIntent, type WebhookState } from '#libs/domain';
import type { Delivery, DeliveryStore } from '#libs/operational';
import type { Config } from '#libs/platform';
import { partnerWebhooks, type ReadStore } from '#libs/read-models';
import {
  checkUrlText,
  CONFIG,
  DELIVERY_STORE,
  Facts,
  newWebhookSecret,
  READ_STORE,
  RefusedUrlError,
  resolveAllowed,
  Roles,
  RunWebhookIntent,
  SECRET_SEALER,
  type SecretSealer,
} from '#libs/shell';
import { newWebhookId } from '../infrastructure/ids.js';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ApiAuthenticated, ApiCommand, ApiPage, ApiRead } from '../openapi/responses.js';
import { MinPositionInterceptor } from '../read-side/min-position.interceptor.js';
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

/** The current secret, sealed, of the webhook a command left (subscribed, or rotated). */
function secretOf(state: WebhookState): string {
  if (state.status === 'NONE') throw new Error('unreachable: the command left no webhook');
  return state.sealedSecret;
}

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/webhooks')
@Roles('partner')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly facts: Facts,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(DELIVERY_STORE) private readonly deliveries: DeliveryStore,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Runs a command that sets a new secret and answers it: the secret is shown only in this answer.
   * A retry of the command (same Idempotency-Key) answers the same secret, opened from its event.
   */
  private async withSecret(ctx: RequestContext, intent: WebhookIntent & { secret: string }) {
    const { position, state, replayed } = await this.commands.execute(new RunWebhookIntent(intent, ctx));
    return { secret: replayed ? this.sealer.unseal(secretOf(state), intent.webhookId) : intent.secret, position: String(position) };
  }

  /** The scheme, and the addresses the host resolves to now (checked again at every delivery). */
  private async checkUrl(raw: string): Promise<void> {
    const policy = { allowHttp: this.config.webhookAllowHttp, allowPrivate: this.config.webhookAllowPrivate };
    try {
      const url = checkUrlText(raw, policy);
      if (!policy.allowPrivate) await resolveAllowed(url, policy);
    } catch (error) {
      if (error instanceof RefusedUrlError) throw fieldRule('WEBHOOK.URL_REFUSED', 'url', error.message);
      throw error;
    }
  }

  @Post()
  @ApiCommand(201, WebhookCreatedDto, { problems: [400, 422], description: 'subscribed: the secret is shown only here' })
  async subscribe(@Ctx() ctx: RequestContext, @Body() body: SubscribeWebhookDto) {
    await this.checkUrl(body.url);
    const webhookId = newWebhookId(ctx.idempotencyKey);
    const eventTypes = body.eventTypes ?? [...WEBHOOK_EVENT_TYPES];
    return { webhookId, ...(await this.withSecret(ctx, { type: 'SubscribeWebhook', webhookId, url: body.url, eventTypes, secret: newWebhookSecret() })) };
  }

  @Get()
  @UseInterceptors(MinPositionInterceptor)
  @ApiPage(WebhookListDto, { description: "the partner's webhooks, without their secrets" })
  list(@Ctx() ctx: RequestContext) {
    return partnerWebhooks(this.readStore, ctx.principal.sub);
  }

  @Delete(':webhookId')
  @ApiCommand(200, PositionDto, { problems: [404], description: 'unsubscribed: nothing more is sent to it' })
  async unsubscribe(@Ctx() ctx: RequestContext, @Param('webhookId') webhookId: string) {
    const { position } = await this.commands.execute(new RunWebhookIntent({ type: 'UnsubscribeWebhook', webhookId }, ctx));
    return { position: String(position) };
  }

  @Post(':webhookId/secret-rotations')
  @ApiCommand(201, SecretRotatedDto, {
    problems: [404],
    description: 'a new signing secret, shown only here; until the old one expires deliveries carry a signature for each',
  })
  rotateSecret(@Ctx() ctx: RequestContext, @Param('webhookId') webhookId: string) {
    return this.withSecret(ctx, { type: 'RotateWebhookSecret', webhookId, secret: newWebhookSecret() });
  }

  /** Ownership from the webhook's stream (never stale); the log from the delivery store. */
  @Get(':webhookId/deliveries')
  @ApiRead(DeliveryListDto, { problems: [400, 404], description: 'the delivery log, newest first' })
  async deliveryLog(@Ctx() ctx: RequestContext, @Param('webhookId') webhookId: string, @Query() query: DeliveriesQueryDto) {
    const state = await this.facts.webhook(webhookId);
    if (state.status !== 'SUBSCRIBED' || state.partnerId !== ctx.principal.sub) throw notFound('WEBHOOK.NOT_FOUND', 'no such webhook');
    return { items: (await this.deliveries.list(webhookId, query.limit ?? 100)).map(deliveryView) };
  }
}
