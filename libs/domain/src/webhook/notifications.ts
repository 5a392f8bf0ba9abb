// Which events become which partner notifications, and who receives them. Pure: the dispatcher
// folds the log through `evolveWebhookRegistry` in order, so a webhook receives exactly the
// events after its own WebhookSubscribed and none after its WebhookUnsubscribed.
import type { Reminder } from '../process/deadlines.js';
import { entryOf } from '../shared/dictionary.js';
import type { Instant } from '../shared/time.js';
import type { WebhookEvent, WebhookEventType } from './webhook.js';

/** The log's event types that notify, and the notification type each becomes (API.md). */
export const WEBHOOK_TYPE_OF_EVENT: Readonly<Record<string, WebhookEventType>> = {
  AuthorizationGranted: 'AUTHORIZATION_GRANTED',
  AuthorizationRenewed: 'AUTHORIZATION_RENEWED',
  AuthorizationScopesChanged: 'AUTHORIZATION_SCOPES_CHANGED',
  AuthorizationCancellationRejected: 'AUTHORIZATION_CANCELLATION_REJECTED',
  AuthorizationCancelled: 'AUTHORIZATION_CANCELLED',
  AuthorizationExpired: 'AUTHORIZATION_EXPIRED',
  AuthorizationDeactivated: 'AUTHORIZATION_DEACTIVATED',
  AuthorizationRemoved: 'AUTHORIZATION_REMOVED',
  ProposalSigned: 'PROPOSAL_SIGNED',
  ProposalDeclined: 'PROPOSAL_DECLINED',
  ProposalExpired: 'PROPOSAL_EXPIRED',
  ProposalFailed: 'PROPOSAL_FAILED',
};
export const WEBHOOK_REGISTRY_EVENT_TYPES = ['WebhookSubscribed', 'WebhookUnsubscribed'] as const;

/** What one event or reminder tells one partner, before it is addressed to its webhooks. */
export interface Notice {
  /** The event id or the reminder id: with the webhook id it makes the notification id. */
  sourceId: string;
  type: WebhookEventType;
  partnerId: string;
  occurredAt: Instant;
  /** The authorization or proposal: notifications about one subject keep their order. */
  subjectId: string;
  data: Record<string, unknown>;
}

export interface SourceEvent {
  eventId: string;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any event of the log: each notification reads the fields its type has
  data: any;
  occurredAt: Instant;
}

/** Facts a proposal's end events do not carry: the services it offered (from its ProposalCreated). */
export interface NoticeLookups {
  proposalServiceIds?: readonly string[];
}

/** The event fields each notification shows, besides the ids. */
const FACTS: Readonly<Record<string, readonly string[]>> = {
  AuthorizationGranted: ['serviceName', 'market', 'scopes', 'validityDays', 'autoRenew', 'grantedAt', 'expiresAt', 'proposalId'],
  AuthorizationRenewed: ['renewedAt', 'expiresAt', 'autoRenewed'],
  AuthorizationScopesChanged: ['scopes', 'changedAt'],
  AuthorizationCancellationRejected: ['reason', 'rejectedAt'],
  AuthorizationCancelled: ['endReason', 'reason', 'cancelledAt'],
  AuthorizationExpired: ['endReason', 'expiredAt'],
  AuthorizationDeactivated: ['endReason', 'reason', 'deactivatedAt'],
  AuthorizationRemoved: ['removedAt'],
  ProposalSigned: ['authorizationIds', 'signedAt'],
  ProposalDeclined: ['reason', 'declinedAt'],
  ProposalExpired: ['expiredAt'],
  ProposalFailed: ['reason', 'detail', 'serviceId', 'failedAt'],
};

const pick = (data: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => data[f] !== undefined).map((f) => [f, data[f]]));

export const needsProposalServices = (eventType: string) => eventType.startsWith('Proposal') && Object.hasOwn(WEBHOOK_TYPE_OF_EVENT, eventType);

/** The notice an event gives its partner, or undefined when the event notifies nobody. */
export function noticeOf(event: SourceEvent, lookups: NoticeLookups = {}): Notice | undefined {
  const type = entryOf(WEBHOOK_TYPE_OF_EVENT, event.type);
  if (!type) return undefined;
  const d = event.data as Record<string, unknown> & { partnerId: string; sellerId: string };
  const facts = pick(d, FACTS[event.type]!);
  if (type.startsWith('AUTHORIZATION_')) {
    const authorizationId = d.authorizationId as string;
    const data = { authorizationId, sellerId: d.sellerId, serviceId: d.serviceId, ...facts };
    return { sourceId: event.eventId, type, partnerId: d.partnerId, occurredAt: event.occurredAt, subjectId: authorizationId, data };
  }
  const proposalId = d.proposalId as string;
  const data: Record<string, unknown> = { proposalId, sellerId: d.sellerId, serviceIds: [...(lookups.proposalServiceIds ?? [])], ...facts };
  // A proposal's end names its reason the way ProposalView does: endReason.
  if (type === 'PROPOSAL_FAILED' || type === 'PROPOSAL_DECLINED') {
    if (data.reason !== undefined) data.endReason = data.reason;
    delete data.reason;
  }
  return { sourceId: event.eventId, type, partnerId: d.partnerId, occurredAt: event.occurredAt, subjectId: proposalId, data };
}

/** AUTHORIZATION_EXPIRING, 30, 7 and 1 days before expiresAt: the reminder id is its stable source. */
export function reminderNotice(reminder: Reminder): Notice {
  const { reminderId, authorizationId, partnerId, sellerId, serviceId, expiresAt, days, remindAt } = reminder;
  return {
    sourceId: reminderId,
    type: 'AUTHORIZATION_EXPIRING',
    partnerId,
    occurredAt: remindAt,
    subjectId: authorizationId,
    data: { authorizationId, sellerId, serviceId, expiresAt, daysBeforeExpiry: days },
  };
}

export interface RegisteredWebhook {
  webhookId: string;
  partnerId: string;
  eventTypes: readonly WebhookEventType[];
}

/** The webhooks subscribed at a point of the log, by partner. */
export type WebhookRegistry = ReadonlyMap<string, readonly RegisteredWebhook[]>;

export function evolveWebhookRegistry(registry: WebhookRegistry, event: WebhookEvent): WebhookRegistry {
  // A new secret changes where nothing goes.
  if (event.type === 'WebhookSecretRotated') return registry;
  const { webhookId, partnerId } = event.data;
  const others = (registry.get(partnerId) ?? []).filter((h) => h.webhookId !== webhookId);
  const mine = event.type === 'WebhookSubscribed' ? [...others, { webhookId, partnerId, eventTypes: event.data.eventTypes }] : others;
  const next = new Map(registry);
  if (mine.length) next.set(partnerId, mine);
  else next.delete(partnerId);
  return next;
}

/** The webhooks a notice goes to: its partner's only, and only those that asked for its type. */
export function recipientsOf(registry: WebhookRegistry, notice: Pick<Notice, 'partnerId' | 'type'>): string[] {
  return (registry.get(notice.partnerId) ?? []).filter((h) => h.eventTypes.includes(notice.type)).map((h) => h.webhookId);
}
