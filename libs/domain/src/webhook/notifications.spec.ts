// Partners are told when their authorizations and proposals change: which event tells whom what.
import { describe, expect, it } from '@jest/globals';
import type { Reminder } from '../process/deadlines.js';
import { evolveWebhookRegistry, noticeOf, recipientsOf, reminderNotice, WEBHOOK_TYPE_OF_EVENT, type WebhookRegistry } from './notifications.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEvent } from './webhook.js';

const T = '2026-03-01T10:00:00.000Z';
const ref = { authorizationId: 'au_1', partnerId: 'partner-1', sellerId: 'shop-1', serviceId: 'svc-1' };
const event = (type: string, data: Record<string, unknown>) => ({ eventId: `ev-${type}`, type, data, occurredAt: T });

describe('an authorization event tells its partner', () => {
  it('a grant: AUTHORIZATION_GRANTED naming the authorization, the seller and the service', () => {
    const grant = {
      serviceName: 'Ads',
      market: 'US_L2L',
      scopes: { dataCompass: true },
      validityDays: 30,
      autoRenew: false,
      grantedAt: T,
      expiresAt: '2026-03-31T10:00:00.000Z',
    };
    expect(noticeOf(event('AuthorizationGranted', { ...ref, ...grant }))).toEqual({
      sourceId: 'ev-AuthorizationGranted',
      type: 'AUTHORIZATION_GRANTED',
      partnerId: 'partner-1',
      occurredAt: T,
      subjectId: 'au_1',
      data: { authorizationId: 'au_1', sellerId: 'shop-1', serviceId: 'svc-1', ...grant },
    });
  });

  it('an end names its endReason', () => {
    expect(noticeOf(event('AuthorizationCancelled', { ...ref, endReason: 'SELLER_CANCELLED', cancelledAt: T }))?.data).toEqual({
      authorizationId: 'au_1',
      sellerId: 'shop-1',
      serviceId: 'svc-1',
      endReason: 'SELLER_CANCELLED',
      cancelledAt: T,
    });
    expect(noticeOf(event('AuthorizationExpired', { ...ref, endReason: 'EXPIRED', expiredAt: T }))?.data.endReason).toBe('EXPIRED');
    expect(noticeOf(event('AuthorizationDeactivated', { ...ref, endReason: 'PARTNER_BANNED', deactivatedAt: T }))?.data.endReason).toBe('PARTNER_BANNED');
  });

  // The notification types are the contract of API.md: written out here, not read from the code.
  const typeOfEvent = [
    ['AuthorizationGranted', 'AUTHORIZATION_GRANTED'],
    ['AuthorizationRenewed', 'AUTHORIZATION_RENEWED'],
    ['AuthorizationScopesChanged', 'AUTHORIZATION_SCOPES_CHANGED'],
    ['AuthorizationCancellationRejected', 'AUTHORIZATION_CANCELLATION_REJECTED'],
    ['AuthorizationCancelled', 'AUTHORIZATION_CANCELLED'],
    ['AuthorizationExpired', 'AUTHORIZATION_EXPIRED'],
    ['AuthorizationDeactivated', 'AUTHORIZATION_DEACTIVATED'],
    ['AuthorizationRemoved', 'AUTHORIZATION_REMOVED'],
    ['ProposalSigned', 'PROPOSAL_SIGNED'],
    ['ProposalDeclined', 'PROPOSAL_DECLINED'],
    ['ProposalExpired', 'PROPOSAL_EXPIRED'],
    ['ProposalFailed', 'PROPOSAL_FAILED'],
  ] as const;

  it.each(typeOfEvent)('%s is told as %s', (eventType, webhookType) => {
    expect(noticeOf(event(eventType, { ...ref, proposalId: 'pr_1' }))?.type).toBe(webhookType);
  });

  it('each event of API.md as its type, no other; requests and auto-renew switches tell nobody', () => {
    expect(Object.keys(WEBHOOK_TYPE_OF_EVENT).sort()).toEqual(typeOfEvent.map(([eventType]) => eventType).sort());
    for (const quiet of [
      'AuthorizationRenewalRequested',
      'AuthorizationCancellationRequested',
      'AuthorizationAutoRenewChanged',
      'ProposalCreated',
      'ProposalWithdrawn',
      'ServicePublished',
      'WebhookSubscribed',
    ])
      expect(noticeOf(event(quiet, ref))).toBeUndefined();
    const notifying = new Set([...Object.values(WEBHOOK_TYPE_OF_EVENT), 'AUTHORIZATION_EXPIRING']);
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual([...notifying].sort());
  });
});

describe('a proposal event tells its partner', () => {
  const proposal = { proposalId: 'pr_1', partnerId: 'partner-1', sellerId: 'shop-1' };

  it('which services the proposal offered, and for a failure its reason as endReason', () => {
    const failed = event('ProposalFailed', { ...proposal, reason: 'SERVICE.DEACTIVATED', detail: 'gone', serviceId: 'svc-2', failedAt: T });
    expect(noticeOf(failed, { proposalServiceIds: ['svc-1', 'svc-2'] })).toMatchObject({
      type: 'PROPOSAL_FAILED',
      subjectId: 'pr_1',
      data: {
        proposalId: 'pr_1',
        sellerId: 'shop-1',
        serviceIds: ['svc-1', 'svc-2'],
        endReason: 'SERVICE.DEACTIVATED',
        detail: 'gone',
        serviceId: 'svc-2',
        failedAt: T,
      },
    });
    const signed = noticeOf(event('ProposalSigned', { ...proposal, authorizationIds: ['au_1'], signedAt: T }), { proposalServiceIds: ['svc-1'] });
    expect(signed?.data).toEqual({ proposalId: 'pr_1', sellerId: 'shop-1', serviceIds: ['svc-1'], authorizationIds: ['au_1'], signedAt: T });
  });
});

describe('a reminder before expiry', () => {
  it('becomes AUTHORIZATION_EXPIRING with the reminder id as its stable source', () => {
    const reminder: Reminder = {
      reminderId: 'expiring:au_1:2026-03-31T10:00:00.000Z:7',
      days: 7,
      ...ref,
      expiresAt: '2026-03-31T10:00:00.000Z',
      remindAt: '2026-03-24T10:00:00.000Z',
    };
    expect(reminderNotice(reminder)).toEqual({
      sourceId: 'expiring:au_1:2026-03-31T10:00:00.000Z:7',
      type: 'AUTHORIZATION_EXPIRING',
      partnerId: 'partner-1',
      occurredAt: '2026-03-24T10:00:00.000Z',
      subjectId: 'au_1',
      data: { authorizationId: 'au_1', sellerId: 'shop-1', serviceId: 'svc-1', expiresAt: '2026-03-31T10:00:00.000Z', daysBeforeExpiry: 7 },
    });
  });
});

describe('who receives a notice', () => {
  const subscribed = (webhookId: string, partnerId: string, eventTypes = [...WEBHOOK_EVENT_TYPES]): WebhookEvent => ({
    type: 'WebhookSubscribed',
    data: { webhookId, partnerId, url: 'https://x.example', eventTypes, createdAt: T, sealedSecret: 's' },
  });
  const fold = (...events: WebhookEvent[]) => events.reduce<WebhookRegistry>(evolveWebhookRegistry, new Map());

  it("the partner's webhooks that asked for the type; never another partner's", () => {
    const registry = fold(subscribed('wh-a', 'partner-1'), subscribed('wh-b', 'partner-1', ['AUTHORIZATION_CANCELLED']), subscribed('wh-c', 'partner-2'));
    expect(recipientsOf(registry, { partnerId: 'partner-1', type: 'AUTHORIZATION_GRANTED' })).toEqual(['wh-a']);
    expect(recipientsOf(registry, { partnerId: 'partner-1', type: 'AUTHORIZATION_CANCELLED' })).toEqual(['wh-a', 'wh-b']);
    expect(recipientsOf(registry, { partnerId: 'partner-2', type: 'AUTHORIZATION_CANCELLED' })).toEqual(['wh-c']);
    expect(recipientsOf(registry, { partnerId: 'partner-3', type: 'AUTHORIZATION_CANCELLED' })).toEqual([]);
  });

  it('nobody once unsubscribed', () => {
    const registry = fold(subscribed('wh-a', 'partner-1'), {
      type: 'WebhookUnsubscribed',
      data: { webhookId: 'wh-a', partnerId: 'partner-1', unsubscribedAt: T },
    });
    expect(recipientsOf(registry, { partnerId: 'partner-1', type: 'AUTHORIZATION_GRANTED' })).toEqual([]);
    expect(registry.size).toBe(0);
  });

  it('the same webhooks after a secret rotation', () => {
    const rotated: WebhookEvent = {
      type: 'WebhookSecretRotated',
      data: { webhookId: 'wh-a', partnerId: 'partner-1', sealedSecret: 's2', rotatedAt: T, previousSecretExpiresAt: T },
    };
    const registry = fold(subscribed('wh-a', 'partner-1'), rotated);
    expect(recipientsOf(registry, { partnerId: 'partner-1', type: 'AUTHORIZATION_GRANTED' })).toEqual(['wh-a']);
  });
});
