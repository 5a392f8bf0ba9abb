// Partners receive their notifications at the URLs they subscribe.
import { describe, it } from '@jest/globals';
import type { Actor } from '../shared/decider.js';
import { givenFor } from '../testing/given.js';
import { admin, otherPartner, partner, seller } from '../testing/fixtures.js';
import { type SubscribeWebhook, type WebhookEvent, WEBHOOK_EVENT_TYPES, webhookDecider } from './webhook.js';

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
  data: { webhookId: 'wh-1', partnerId: partner.sub, url: 'https://tsp.example.com/hooks', eventTypes: ['AUTHORIZATION_GRANTED', 'AUTHORIZATION_CANCELLED'], createdAt: NOW, sealedSecret: 'sealed:abc' },
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

  it('only partners subscribe; a banned partner cannot: 403', () => {
    given().when(subscribe({ actor: seller })).thenRefused('Forbidden', 'WEBHOOK.PARTNERS_ONLY');
    given().when(subscribe({ actor: admin })).thenRefused('Forbidden', 'WEBHOOK.PARTNERS_ONLY');
    given().when(subscribe({ partnerBanned: true })).thenRefused('Forbidden', 'PARTNER.BANNED');
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
