// The one completion step: an intent (what a client or a process asks) becomes the domain command
// its decider takes, with the stream it is decided on. Everything the decider must not fetch
// itself is put in here: who and when (the run's context), the bans and services read from their
// streams (facts.ts), the market settings. HTTP routes and processes both come through here.
import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type AuthorizationCommand,
  type BanCommand,
  type BanIntent,
  type Bans,
  type BindingCommand,
  type BindingIntent,
  entryOf,
  type Market,
  type MarketSettings,
  notFound,
  parseAuthorizationId,
  parseLinkCode,
  parseProposalId,
  type PublishedService,
  type ServiceCommand,
  type ServiceIntent,
  streams,
  type WebhookCommand,
  type WebhookIntent,
  withEntry,
} from '#libs/domain';
import type { Config } from '#libs/platform';
import { CONFIG } from '../infrastructure/injection-keys.js';
import type { SecretSealer } from '../webhooks/secrets.js';
import { SECRET_SEALER } from '../webhooks/webhooks.keys.js';
import { Facts } from './facts.js';
import { marketSettingsOf } from './market-settings.js';

/** Who asks and when: a user over HTTP, or a process (`actor: { role: 'system', sub: <process> }`). */
export interface Asker {
  principal: Actor & { market?: Market };
  now: string;
  /** The revision the client expects (If-Match). */
  ifMatch?: number;
}

export interface Completed<C> {
  stream: string;
  command: C;
}

/** The commands a process runs on its own: no ban stops them (a ban is what causes some of them). */
const SYSTEM_ONLY = new Set<BindingIntent['type']>(['DeactivateAuthorization', 'TimeOutAuthorizationCancellation', 'ExpireProposal']);
/** The authorization's service, for the commands that check its scopes or its being still active. */
const NEEDS_SERVICE = new Set<BindingIntent['type']>(['EditAuthorization', 'RenewAuthorization', 'ExpireAuthorization']);
const NO_BANS: Bans = { partner: false, seller: false };

@Injectable()
export class Completion {
  private readonly settings: MarketSettings;

  constructor(
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
  ) {
    this.settings = marketSettingsOf(config);
  }

  async binding(intent: BindingIntent, { principal: actor, now, ifMatch }: Asker): Promise<Completed<BindingCommand>> {
    const asked = { actor, now };
    switch (intent.type) {
      case 'GrantAuthorizations': {
        // The link's service names the partner; the other services are read once each, in the same view of the log.
        const states = this.facts.view();
        const linkServiceId = parseLinkCode(intent.linkCode);
        const linkService = linkServiceId && (await this.facts.service(linkServiceId, states));
        if (!linkService) throw notFound('LINK.NOT_FOUND', 'no such authorization link');
        const { partnerId } = linkService;
        const sellerId = actor.sub;
        const others = intent.grants.map((g) => g.serviceId).filter((id) => id !== linkService.serviceId);
        const [bans, read] = await Promise.all([this.facts.bans(partnerId, sellerId, states), this.facts.services(others, states)]);
        const services = withEntry<PublishedService | undefined>(read, linkService.serviceId, linkService);
        const grants = intent.grants.map((g) => ({ ...g, scopes: { ...g.scopes }, service: entryOf(services, g.serviceId) }));
        const command = { ...intent, ...asked, bans, partnerId, sellerId, market: actor.market as Market, settings: this.settings, grants };
        return { stream: streams.binding(partnerId, sellerId), command };
      }
      case 'CreateProposal': {
        const { partnerId, sellerId } = intent;
        const [bans, services] = await Promise.all([this.facts.bans(partnerId, sellerId), this.facts.services(intent.services.map((s) => s.serviceId))]);
        const offered = intent.services.map((s) => ({ ...s, scopes: { ...s.scopes }, service: entryOf(services, s.serviceId) }));
        return { stream: streams.binding(partnerId, sellerId), command: { ...intent, ...asked, bans, services: offered, settings: this.settings } };
      }
      case 'SignProposal':
      case 'WithdrawProposal':
      case 'DeclineProposal':
      case 'ExpireProposal': {
        const key = parseProposalId(intent.proposalId);
        if (!key) throw notFound('PROPOSAL.NOT_FOUND', 'no such proposal');
        const stream = streams.binding(key.partnerId, key.sellerId);
        const bans = SYSTEM_ONLY.has(intent.type) ? NO_BANS : await this.facts.bans(key.partnerId, key.sellerId);
        if (intent.type !== 'SignProposal') return { stream, command: { ...intent, ...asked, bans } };
        // The services a signature grants are the proposal's (never changed once proposed), read as they are now.
        const proposed = entryOf((await this.facts.binding(key.partnerId, key.sellerId)).proposals, intent.proposalId);
        const services = await this.facts.services(proposed?.services.map((s) => s.serviceId) ?? []);
        return { stream, command: { ...intent, ...asked, bans, market: actor.market as Market, services, settings: this.settings } };
      }
      default: {
        const key = parseAuthorizationId(intent.authorizationId);
        if (!key) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
        const [bans, service] = await Promise.all([
          SYSTEM_ONLY.has(intent.type) ? NO_BANS : this.facts.bans(key.partnerId, key.sellerId),
          NEEDS_SERVICE.has(intent.type) ? this.facts.service(key.serviceId) : undefined,
        ]);
        const command = {
          ...intent,
          ...asked,
          bans,
          settings: this.settings,
          ...(service && { service }),
          ...(ifMatch !== undefined && { ifMatch }),
        } as AuthorizationCommand;
        return { stream: streams.binding(key.partnerId, key.sellerId), command };
      }
    }
  }

  async service({ serviceId, ...intent }: ServiceIntent, { principal: actor, now }: Asker): Promise<Completed<ServiceCommand>> {
    // Only a partner acting for itself can be stopped by its ban: an operator or the cascade cannot.
    const partnerBanned = actor.role === 'partner' && (await this.facts.partnerBanned(actor.sub));
    return { stream: streams.service(serviceId), command: { ...intent, actor, now, partnerBanned } };
  }

  ban(intent: BanIntent, { principal: actor, now }: Asker): Completed<BanCommand> {
    const stream = intent.type === 'BanPartner' ? streams.partner(intent.partnerId) : streams.seller(intent.sellerId);
    return { stream, command: { ...intent, actor, now } };
  }

  async webhook(intent: WebhookIntent, { principal: actor, now }: Asker): Promise<Completed<WebhookCommand>> {
    const { webhookId } = intent;
    const asked = { actor, now, partnerBanned: await this.facts.partnerBanned(actor.sub) };
    const stream = streams.webhook(webhookId);
    switch (intent.type) {
      case 'SubscribeWebhook': {
        const { secret, ...subscribe } = intent;
        return { stream, command: { ...subscribe, ...asked, sealedSecret: this.sealer.seal(secret, webhookId) } };
      }
      case 'RotateWebhookSecret':
        return {
          stream,
          command: {
            type: intent.type,
            ...asked,
            sealedSecret: this.sealer.seal(intent.secret, webhookId),
            overlapHours: this.config.webhookSecretOverlapHours,
          },
        };
      case 'UnsubscribeWebhook':
        return { stream, command: { type: intent.type, ...asked } };
    }
  }
}
