// A partner subscribes a URL to its notifications. The signing secret is made by the shell and
// sealed (encrypted) before it reaches the event, so the log never holds it in the clear.
import type { Actor, Decider, DomainEvent } from '../shared/decider.js';
import { conflict, forbidden, notFound } from '../shared/errors.js';
import type { Instant } from '../shared/time.js';

export const WEBHOOK_EVENT_TYPES = [
  'AUTHORIZATION_GRANTED',
  'AUTHORIZATION_RENEWED',
  'AUTHORIZATION_SCOPES_CHANGED',
  'AUTHORIZATION_CANCELLATION_REJECTED',
  'AUTHORIZATION_CANCELLED',
  'AUTHORIZATION_EXPIRED',
  'AUTHORIZATION_DEACTIVATED',
  'AUTHORIZATION_REMOVED',
  'AUTHORIZATION_EXPIRING',
  'PROPOSAL_SIGNED',
  'PROPOSAL_DECLINED',
  'PROPOSAL_EXPIRED',
  'PROPOSAL_FAILED',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookFacts {
  webhookId: string;
  partnerId: string;
  url: string;
  eventTypes: WebhookEventType[];
  createdAt: Instant;
  /** The signing secret, sealed with the server's key. */
  sealedSecret: string;
}

export type WebhookState = { status: 'NONE' } | ({ status: 'SUBSCRIBED' } & WebhookFacts) | ({ status: 'UNSUBSCRIBED'; unsubscribedAt: Instant } & WebhookFacts);

export type WebhookSubscribed = DomainEvent<'WebhookSubscribed', WebhookFacts>;
export type WebhookUnsubscribed = DomainEvent<'WebhookUnsubscribed', { webhookId: string; partnerId: string; unsubscribedAt: Instant }>;
export type WebhookEvent = WebhookSubscribed | WebhookUnsubscribed;

export interface SubscribeWebhook {
  type: 'SubscribeWebhook';
  actor: Actor;
  now: Instant;
  partnerBanned: boolean;
  webhookId: string;
  url: string;
  eventTypes: WebhookEventType[];
  sealedSecret: string;
}

export interface UnsubscribeWebhook {
  type: 'UnsubscribeWebhook';
  actor: Actor;
  now: Instant;
  partnerBanned: boolean;
}

export type WebhookCommand = SubscribeWebhook | UnsubscribeWebhook;

export const webhookDecider: Decider<WebhookCommand, WebhookState, WebhookEvent> = {
  initialState: () => ({ status: 'NONE' }),
  evolve(state, event) {
    if (event.type === 'WebhookSubscribed') return { status: 'SUBSCRIBED', ...event.data };
    return state.status === 'NONE' ? state : { ...state, status: 'UNSUBSCRIBED', unsubscribedAt: event.data.unsubscribedAt };
  },
  decide(command, state) {
    if (command.actor.role !== 'partner') throw forbidden('WEBHOOK.PARTNERS_ONLY', 'webhooks are for partners');
    if (command.partnerBanned) throw forbidden('PARTNER.BANNED', 'this partner is banned');
    if (command.type === 'SubscribeWebhook') {
      if (state.status !== 'NONE') throw conflict('WEBHOOK.ID_TAKEN', 'this webhook id is taken');
      const { webhookId, url, sealedSecret } = command;
      const eventTypes = WEBHOOK_EVENT_TYPES.filter((t) => command.eventTypes.includes(t));
      return [{ type: 'WebhookSubscribed', data: { webhookId, partnerId: command.actor.sub, url, eventTypes, createdAt: command.now, sealedSecret } }];
    }
    if (state.status !== 'SUBSCRIBED' || state.partnerId !== command.actor.sub) throw notFound('WEBHOOK.NOT_FOUND', 'no such webhook');
    return [{ type: 'WebhookUnsubscribed', data: { webhookId: state.webhookId, partnerId: state.partnerId, unsubscribedAt: command.now } }];
  },
};
