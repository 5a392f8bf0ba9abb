// Subscribe, unsubscribe, rotate the secret: decider commands on the webhook's own stream. A
// secret is made here, sealed before it reaches the event, and answered by the command only; a
// retry of the command (same Idempotency-Key) answers the same secret, opened from its event.
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { fieldRule, streams, WEBHOOK_EVENT_TYPES, webhookDecider, type WebhookState } from '#libs/domain';
import type { Config } from '#libs/platform';
import { checkUrlText, CommandRunner, CONFIG, Facts, newWebhookSecret, RefusedUrlError, resolveAllowed, SECRET_SEALER, type SecretSealer } from '#libs/shell';
import { runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';
import { newWebhookId } from '../infrastructure/ids.js';
import type { SubscribeWebhookDto } from './webhook.dto.js';

export interface WebhookCreated {
  webhookId: string;
  secret: string;
  position: string;
}

/** The current secret, sealed, of the webhook a command left (subscribed, or rotated). */
function secretOf(state: WebhookState): string {
  if (state.status === 'NONE') throw new Error('unreachable: the command left no webhook');
  return state.sealedSecret;
}

export class SubscribeWebhookCommand extends Command<WebhookCreated> {
  constructor(
    readonly context: RequestContext,
    readonly body: SubscribeWebhookDto,
  ) {
    super();
  }
}

@CommandHandler(SubscribeWebhookCommand)
export class SubscribeWebhookHandler implements ICommandHandler<SubscribeWebhookCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, body }: SubscribeWebhookCommand): Promise<WebhookCreated> {
    await this.checkUrl(body.url);
    const webhookId = newWebhookId(context.idempotencyKey);
    const secret = newWebhookSecret();
    const command = {
      type: 'SubscribeWebhook' as const,
      actor: context.principal,
      now: context.now,
      partnerBanned: await this.facts.partnerBanned(context.principal.sub),
      webhookId,
      url: body.url,
      eventTypes: body.eventTypes ?? [...WEBHOOK_EVENT_TYPES],
      sealedSecret: this.sealer.seal(secret, webhookId),
    };
    const { position, state, replayed } = await this.runner.run(streams.webhook(webhookId), webhookDecider, command, runContextOf(context));
    return { webhookId, secret: replayed ? this.sealer.unseal(secretOf(state), webhookId) : secret, position: String(position) };
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
}

export class UnsubscribeWebhookCommand extends Command<{ position: string }> {
  constructor(
    readonly context: RequestContext,
    readonly webhookId: string,
  ) {
    super();
  }
}

@CommandHandler(UnsubscribeWebhookCommand)
export class UnsubscribeWebhookHandler implements ICommandHandler<UnsubscribeWebhookCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
  ) {}

  async execute({ context, webhookId }: UnsubscribeWebhookCommand): Promise<{ position: string }> {
    const partnerBanned = await this.facts.partnerBanned(context.principal.sub);
    const command = { type: 'UnsubscribeWebhook' as const, actor: context.principal, now: context.now, partnerBanned };
    const { position } = await this.runner.run(streams.webhook(webhookId), webhookDecider, command, runContextOf(context));
    return { position: String(position) };
  }
}

export interface SecretRotated {
  secret: string;
  position: string;
}

export class RotateWebhookSecretCommand extends Command<SecretRotated> {
  constructor(
    readonly context: RequestContext,
    readonly webhookId: string,
  ) {
    super();
  }
}

@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, webhookId }: RotateWebhookSecretCommand): Promise<SecretRotated> {
    const secret = newWebhookSecret();
    const command = {
      type: 'RotateWebhookSecret' as const,
      actor: context.principal,
      now: context.now,
      partnerBanned: await this.facts.partnerBanned(context.principal.sub),
      sealedSecret: this.sealer.seal(secret, webhookId),
      overlapHours: this.config.webhookSecretOverlapHours,
    };
    const { position, state, replayed } = await this.runner.run(streams.webhook(webhookId), webhookDecider, command, runContextOf(context));
    return { secret: replayed ? this.sealer.unseal(secretOf(state), webhookId) : secret, position: String(position) };
  }
}
