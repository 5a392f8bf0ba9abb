// Where several processes may send (MongoDB under the projector lease), the delivery worker sends
// only after its store's claim of that attempt succeeds: a process that lost the lease (its fenced
// claim refused) or finds the attempt already made by another sends nothing. Played here on the
// embedded default, with the delivery store given the claim a fenced MongoDB store has.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Delivery, DeliveryStore } from '#libs/operational';
import { DeliveryWorker } from '../../libs/shell/src/webhooks/delivery-worker.js';
import { WebhookDispatcher } from '../../libs/shell/src/webhooks/webhook-dispatcher.js';
import { DELIVERY_STORE } from '../../libs/shell/src/webhooks/webhooks.keys.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { Receiver } from '../webhooks/receiver.js';
import { expectStatus } from './helpers.js';

const { partner, seller } = principals;
let api: TestApi;
let hook: Receiver;
afterEach(async () => {
  await api?.close();
  await hook?.close();
});

describe('webhook delivery under a claim', () => {
  it('sends nothing while the claim is refused, and sends once it is granted', async () => {
    api = await startApi({ config: { webhookAllowHttp: true, webhookAllowPrivate: true, webhookRetryScheduleMs: [10, 20] } });
    hook = await Receiver.start();
    const store = api.app.get<DeliveryStore>(DELIVERY_STORE);
    let claimable = false;
    const claimed: string[] = [];
    store.claim = async (delivery: Delivery) => (claimed.push(delivery.deliveryId), claimable);
    expectStatus(await api.as(partner).post('/v1/webhooks', { url: hook.url }), 201);
    const service = await api
      .as(partner)
      .post('/v1/services', { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'] } });
    expectStatus(
      await api
        .as(seller)
        .post('/v1/authorizations', { linkCode: service.body.linkCode, grants: [{ serviceId: service.body.serviceId, scopes: { authorizedObject: 'SHOP' } }] }),
      201,
    );
    const deliver = async () => {
      await api.settle();
      await api.app.get(WebhookDispatcher).settle();
      await api.app.get(DeliveryWorker).pump();
      await api.app.get(DeliveryWorker).idle();
    };
    await deliver();
    expect(claimed.length).toBeGreaterThanOrEqual(1);
    const refused = claimed.length;
    expect(hook.received).toHaveLength(0);
    const [pending] = await store.due({ now: '2100-01-01T00:00:00.000Z', limit: 10, excludeWebhooks: [], excludeKeys: [] });
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 0 });

    claimable = true;
    await deliver();
    expect(hook.received).toHaveLength(1);
    expect(claimed.length).toBe(refused + 1);
    expect(new Set(claimed)).toEqual(new Set([pending!.deliveryId]));
  });
});
