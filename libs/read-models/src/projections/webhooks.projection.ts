// The partner's webhook subscriptions: one document per subscribed webhook, gone once it is
// unsubscribed. The sealed signing secret stays in the log: no read model holds it.
import type { WebhookEventType, WebhookSubscribed } from '#libs/domain';
import type { CollectionSpec, ReadStore } from '../port.js';
import type { Projection } from '../projection.js';

export interface WebhookDocument {
  webhookId: string;
  partnerId: string;
  url: string;
  eventTypes: WebhookEventType[];
  createdAt: string;
}

export const WEBHOOKS_COLLECTION = { name: 'webhooks', equalityIndexes: ['partnerId'] } satisfies CollectionSpec;

export const webhooksProjection: Projection<WebhookDocument> = {
  name: 'webhooks',
  collection: WEBHOOKS_COLLECTION.name,
  evolves: 'fresh',
  handles: ['WebhookSubscribed', 'WebhookUnsubscribed'],
  documentIds: (event) => [event.data.webhookId],
  evolve(_document, event) {
    if (event.type !== 'WebhookSubscribed') return null;
    const { webhookId, partnerId, url, eventTypes, createdAt } = (event as unknown as WebhookSubscribed).data;
    return { webhookId, partnerId, url, eventTypes, createdAt };
  },
};

/** The partner's webhooks, oldest first, as API.md lists them. */
export async function partnerWebhooks(store: ReadStore, partnerId: string) {
  const docs = await store.find<WebhookDocument>(WEBHOOKS_COLLECTION.name, { filter: { partnerId }, sort: { createdAt: 1, _id: 1 } });
  return { items: docs.map(({ webhookId, url, eventTypes, createdAt }) => ({ webhookId, url, eventTypes, createdAt })) };
}
