// A partner subscribes a URL to its notifications. The signing secret is made by the shell and
// sealed (encrypted) before it reaches the event, so the log never holds it in the clear. A
// rotation replaces the secret; the one it replaces still signs, beside the new one, until its
// overlap ends, so that the partner's receiver can move to the new secret without losing any.
import type { Actor, Decider, DomainEvent } from '../shared/decider.js';
import { conflict, forbidden, notFound } from '../shared/errors.js';
import { addHours, type Instant } from '../shared/time.js';

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

/** A secret rotated out: it still signs deliveries, beside the current one, until `expiresAt`. */
export interface PreviousSecret {
  sealedSecret: string;
  expiresAt: Instant;
}

/** `previousSecrets`: those rotated out whose overlap had not ended at the last rotation, newest first. */
type Secrets = { previousSecrets: PreviousSecret[] };

export type WebhookState =
  { status: 'NONE' } | ({ status: 'SUBSCRIBED' } & WebhookFacts & Secrets) | ({ status: 'UNSUBSCRIBED'; unsubscribedAt: Instant } & WebhookFacts & Secrets);

export type WebhookSubscribed = DomainEvent<'WebhookSubscribed', WebhookFacts>;
export type WebhookUnsubscribed = DomainEvent<'WebhookUnsubscribed', { webhookId: string; partnerId: string; unsubscribedAt: Instant }>;
/** `sealedSecret`: the new secret; the one it replaces signs too until `previousSecretExpiresAt`. */
export type WebhookSecretRotated = DomainEvent<
  'WebhookSecretRotated',
  { webhookId: string; partnerId: string; sealedSecret: string; rotatedAt: Instant; previousSecretExpiresAt: Instant }
>;
export type WebhookEvent = WebhookSubscribed | WebhookUnsubscribed | WebhookSecretRotated;

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

export interface RotateWebhookSecret {
  type: 'RotateWebhookSecret';
  actor: Actor;
  now: Instant;
  partnerBanned: boolean;
  /** The new secret, sealed by the shell. */
  sealedSecret: string;
  /** How long the secret it replaces still signs (WEBHOOK_SECRET_OVERLAP_HOURS). */
  overlapHours: number;
}

export type WebhookCommand = SubscribeWebhook | UnsubscribeWebhook | RotateWebhookSecret;

/** The secrets that sign a delivery made at `now`: the current one first, then those still in their overlap. */
export function signingSecrets(state: WebhookFacts & Secrets, now: Instant): string[] {
  return [state.sealedSecret, ...state.previousSecrets.filter((p) => Date.parse(p.expiresAt) > Date.parse(now)).map((p) => p.sealedSecret)];
}

export const webhookDecider: Decider<WebhookCommand, WebhookState, WebhookEvent> = {
  initialState: () => ({ status: 'NONE' }),
  evolve(state, event) {
    if (event.type === 'WebhookSubscribed') return { status: 'SUBSCRIBED', ...event.data, previousSecrets: [] };
    if (state.status === 'NONE') return state;
    if (event.type === 'WebhookUnsubscribed') return { ...state, status: 'UNSUBSCRIBED', unsubscribedAt: event.data.unsubscribedAt };
    const { sealedSecret, rotatedAt, previousSecretExpiresAt } = event.data;
    const stillSigning = state.previousSecrets.filter((p) => Date.parse(p.expiresAt) > Date.parse(rotatedAt));
    return { ...state, sealedSecret, previousSecrets: [{ sealedSecret: state.sealedSecret, expiresAt: previousSecretExpiresAt }, ...stillSigning] };
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
    const { webhookId, partnerId } = state;
    if (command.type === 'UnsubscribeWebhook') return [{ type: 'WebhookUnsubscribed', data: { webhookId, partnerId, unsubscribedAt: command.now } }];
    const previousSecretExpiresAt = addHours(command.now, command.overlapHours);
    return [
      { type: 'WebhookSecretRotated', data: { webhookId, partnerId, sealedSecret: command.sealedSecret, rotatedAt: command.now, previousSecretExpiresAt } },
    ];
  },
};
