// Partners receive their notifications at the URLs they subscribe.
import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../shared/decider.js';
import { givenFor } from '../testing/given.js';
import { admin, otherPartner, partner, seller } from '../testing/actors.js';
import { type RotateWebhookSecret, signingSecrets, type SubscribeWebhook, type WebhookEvent, WEBHOOK_EVENT_TYPES, webhookDecider } from './webhook.js';

const given = givenFor(webhookDecider);
const NOW = '2026-03-01T10:00:00.000Z';
const LATER = '2026-03-02T10:00:00.000Z';

const subscribe = (patch: Partial<SubscribeWebhook> = {}): SubscribeWebhook => ({
  type: 'SubscribeWebhook',
  actor: partner,
  now: NOW,
  partnerBanned: false,
  webhookId: 'wh-1',
  url: 'https://tsp.example.com/hooks',
  eventTypes: ['AUTHORIZATION_CANCELLED', 'AUTHORIZATION_GRANTED'],
  sealedSecret: 'sealed:abc',
  ...patch,
});
const subscribed: WebhookEvent = {
  type: 'WebhookSubscribed',
  data: {
    webhookId: 'wh-1',
    partnerId: partner.sub,
    url: 'https://tsp.example.com/hooks',
    eventTypes: ['AUTHORIZATION_GRANTED', 'AUTHORIZATION_CANCELLED'],
    createdAt: NOW,
    sealedSecret: 'sealed:abc',
  },
};
const unsubscribe = (actor: Actor = partner, partnerBanned = false) => ({ type: 'UnsubscribeWebhook' as const, actor, now: LATER, partnerBanned });
const unsubscribed: WebhookEvent = { type: 'WebhookUnsubscribed', data: { webhookId: 'wh-1', partnerId: partner.sub, unsubscribedAt: LATER } };

describe('the partner subscribes a URL', () => {
  it('to the event types it picked, in the order of the contract', () => given().when(subscribe()).then(subscribed));

  it('to every type', () => {
    given()
      .when(subscribe({ eventTypes: [...WEBHOOK_EVENT_TYPES] }))
      .then({ ...subscribed, data: { ...subscribed.data, eventTypes: [...WEBHOOK_EVENT_TYPES] } } as WebhookEvent);
  });

  it('a webhook id already taken: 409', () => {
    given(subscribed).when(subscribe()).thenRefused('Conflict', 'WEBHOOK.ID_TAKEN');
  });

  it.each<[string, Partial<SubscribeWebhook>, string]>([
    ['only partners subscribe: a seller is 403', { actor: seller }, 'WEBHOOK.PARTNERS_ONLY'],
    ['only partners subscribe: an admin is 403', { actor: admin }, 'WEBHOOK.PARTNERS_ONLY'],
    ['a banned partner cannot: 403', { partnerBanned: true }, 'PARTNER.BANNED'],
  ])('%s', (_case, patch, code) => {
    given().when(subscribe(patch)).thenRefused('Forbidden', code);
  });
});

describe('the partner unsubscribes', () => {
  it('its own webhook', () => given(subscribed).when(unsubscribe()).then(unsubscribed));
  it("another partner's webhook: 404", () => {
    given(subscribed).when(unsubscribe(otherPartner)).thenRefused('NotFound', 'WEBHOOK.NOT_FOUND');
  });
  it('a webhook that does not exist: 404', () => {
    given().when(unsubscribe()).thenRefused('NotFound', 'WEBHOOK.NOT_FOUND');
  });
  it('twice: 404, it is gone', () => {
    given(subscribed, unsubscribed).when(unsubscribe()).thenRefused('NotFound', 'WEBHOOK.NOT_FOUND');
  });
  it('a banned partner: 403', () => {
    given(subscribed).when(unsubscribe(partner, true)).thenRefused('Forbidden', 'PARTNER.BANNED');
  });
});

describe('the partner rotates the signing secret', () => {
  const rotate = (patch: Partial<RotateWebhookSecret> = {}): RotateWebhookSecret => ({
    type: 'RotateWebhookSecret',
    actor: partner,
    now: LATER,
    partnerBanned: false,
    sealedSecret: 'sealed:new',
    overlapHours: 24,
    ...patch,
  });
  const rotated: WebhookEvent = {
    type: 'WebhookSecretRotated',
    data: { webhookId: 'wh-1', partnerId: partner.sub, sealedSecret: 'sealed:new', rotatedAt: LATER, previousSecretExpiresAt: '2026-03-03T10:00:00.000Z' },
  };

  it('of its own webhook: the new secret, and when the old one stops signing (now + the overlap)', () => given(subscribed).when(rotate()).then(rotated));

  it('the new secret signs; the old one beside it until the overlap ends, then the new one alone', () => {
    const state = given(subscribed, rotated).state();
    if (state.status !== 'SUBSCRIBED') throw new Error('expected SUBSCRIBED');
    expect(state.sealedSecret).toBe('sealed:new');
    expect(signingSecrets(state, LATER)).toEqual(['sealed:new', 'sealed:abc']);
    expect(signingSecrets(state, '2026-03-03T09:59:59.999Z')).toEqual(['sealed:new', 'sealed:abc']);
    expect(signingSecrets(state, '2026-03-03T10:00:00.000Z')).toEqual(['sealed:new']);
  });

  it("twice within the overlap: the three sign until each one's overlap ends; one already expired is dropped", () => {
    const again: WebhookEvent = {
      type: 'WebhookSecretRotated',
      data: {
        webhookId: 'wh-1',
        partnerId: partner.sub,
        sealedSecret: 'sealed:newer',
        rotatedAt: '2026-03-02T12:00:00.000Z',
        previousSecretExpiresAt: '2026-03-03T12:00:00.000Z',
      },
    };
    const state = given(subscribed, rotated, again).state();
    if (state.status !== 'SUBSCRIBED') throw new Error('expected SUBSCRIBED');
    expect(signingSecrets(state, '2026-03-02T12:00:00.000Z')).toEqual(['sealed:newer', 'sealed:new', 'sealed:abc']);
    expect(signingSecrets(state, '2026-03-03T11:00:00.000Z')).toEqual(['sealed:newer', 'sealed:new']);
    const muchLater: WebhookEvent = {
      type: 'WebhookSecretRotated',
      data: {
        webhookId: 'wh-1',
        partnerId: partner.sub,
        sealedSecret: 'sealed:latest',
        rotatedAt: '2026-04-01T00:00:00.000Z',
        previousSecretExpiresAt: '2026-04-02T00:00:00.000Z',
      },
    };
    const last = given(subscribed, rotated, again, muchLater).state();
    if (last.status !== 'SUBSCRIBED') throw new Error('expected SUBSCRIBED');
    expect(last.previousSecrets).toEqual([{ sealedSecret: 'sealed:newer', expiresAt: '2026-04-02T00:00:00.000Z' }]);
  });

  it('an overlap of 0 hours: the old secret stops at once', () => {
    const state = given(subscribed)
      .when(rotate({ overlapHours: 0 }))
      .events();
    expect(state).toEqual([{ ...rotated, data: { ...rotated.data, previousSecretExpiresAt: LATER } }]);
  });

  it("another partner's webhook: 404, as if it did not exist", () => {
    given(subscribed)
      .when(rotate({ actor: otherPartner }))
      .thenRefused('NotFound', 'WEBHOOK.NOT_FOUND');
  });
  it('a webhook that does not exist, or was unsubscribed: 404', () => {
    given().when(rotate()).thenRefused('NotFound', 'WEBHOOK.NOT_FOUND');
    given(subscribed, unsubscribed).when(rotate()).thenRefused('NotFound', 'WEBHOOK.NOT_FOUND');
  });
  it('a seller or an admin: 403; a banned partner: 403', () => {
    given(subscribed)
      .when(rotate({ actor: seller }))
      .thenRefused('Forbidden', 'WEBHOOK.PARTNERS_ONLY');
    given(subscribed)
      .when(rotate({ actor: admin }))
      .thenRefused('Forbidden', 'WEBHOOK.PARTNERS_ONLY');
    given(subscribed)
      .when(rotate({ partnerBanned: true }))
      .thenRefused('Forbidden', 'PARTNER.BANNED');
  });
});
