// Partners are told when their authorizations change: signed, retried, never another partner's,
// nothing after unsubscribing. A local receiver on 127.0.0.1 plays the partner; the clock is the
// test's, so retries come when the test moves it.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import type { Principal } from '#libs/platform';
import { DeliveryWorker } from '../../libs/shell/src/webhooks/delivery-worker.js';
import { WebhookDispatcher } from '../../libs/shell/src/webhooks/webhook-dispatcher.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { type Behaviour, eventually, Receiver } from '../webhooks/receiver.js';
import { expectStatus, Positions } from './helpers.js';

const { partner, otherPartner, seller } = principals;
const DAY = 86_400_000;
const LOCAL = { webhookAllowHttp: true, webhookAllowPrivate: true, webhookRetryScheduleMs: [10, 20] };
const sellerNo = (n: number): Principal => ({ role: 'seller', sub: `shop-${n}`, market: 'US_L2L' });

let api: TestApi;
const receivers: Receiver[] = [];
afterEach(async () => {
  await api?.close();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(behaviour?: Behaviour) {
  const r = await Receiver.start(behaviour);
  receivers.push(r);
  return r;
}

async function subscribe(who: Principal, url: string, eventTypes?: string[]) {
  const res = await api.as(who).post('/v1/webhooks', { url, ...(eventTypes && { eventTypes }) });
  expectStatus(res, 201);
  return res.body as { webhookId: string; secret: string; position: string };
}

async function publish(who: Principal = partner, validityDays = 30) {
  const res = await api.as(who).post('/v1/services', {
    name: 'Ads',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    validityDays,
  });
  expectStatus(res, 201);
  return res.body as { serviceId: string; linkCode: string };
}

async function grant(service: { serviceId: string; linkCode: string }, who: Principal = seller) {
  const res = await api.as(who).post('/v1/authorizations', {
    linkCode: service.linkCode,
    grants: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
  });
  expectStatus(res, 201);
  return res.body.authorizations[0].authorizationId as string;
}

/** The dispatcher takes everything in the log, and every due delivery is attempted. */
async function deliver() {
  await api.settle();
  await api.app.get(WebhookDispatcher).settle();
  await api.app.get(DeliveryWorker).pump();
  await api.app.get(DeliveryWorker).idle();
}

/** Time passes on the test's clock: the retries that fall due are attempted. */
async function later(ms: number) {
  api.clock.advance(ms);
  await deliver();
}

const deliveries = async (who: Principal, webhookId: string) => {
  const res = await api.as(who).get(`/v1/webhooks/${webhookId}/deliveries`);
  expectStatus(res, 200);
  return res.body.items as any[];
};

describe('subscribing', () => {
  it('answers the secret once, whsec_ and base64; the list and the log never show it', async () => {
    api = await startApi({ config: LOCAL });
    const positions = new Positions();
    const res = await api
      .as(partner)
      .post('/v1/webhooks', { url: 'https://tsp.example.com/hooks', eventTypes: ['AUTHORIZATION_CANCELLED', 'AUTHORIZATION_GRANTED'] });
    positions.expect(res, 201);
    const { webhookId, secret } = res.body;
    expect(webhookId).toMatch(/^wh_/);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const list = await api.as(partner).get('/v1/webhooks');
    expect(list.body).toEqual({
      items: [
        {
          webhookId,
          url: 'https://tsp.example.com/hooks',
          eventTypes: ['AUTHORIZATION_GRANTED', 'AUTHORIZATION_CANCELLED'],
          createdAt: '2026-03-01T10:00:00.000Z',
        },
      ],
    });
    expect((await api.as(otherPartner).get('/v1/webhooks')).body).toEqual({ items: [] });
    const log = JSON.stringify((await api.store.readAll({ fromPosition: 0n, limit: 1_000 })).map((e) => e.data));
    expect(log).toContain('sealedSecret');
    expect(log).not.toContain(secret.slice(6));
  });

  it('partners only: a seller is 403', async () => {
    api = await startApi({ config: LOCAL });
    expectStatus(await api.as(seller).post('/v1/webhooks', { url: 'https://tsp.example.com/hooks' }), 403);
    expectStatus(await api.as(seller).get('/v1/webhooks'), 403);
  });
});

describe('a delivery', () => {
  it('is signed with the secret, as the Standard Webhooks library verifies it', async () => {
    api = await startApi({ config: LOCAL });
    const hook = await receiver();
    const { webhookId, secret } = await subscribe(partner, hook.url);
    const authorizationId = await grant(await publish());
    await deliver();
    expect(hook.received).toHaveLength(1);
    const [got] = hook.received;
    expect(got!.headers['content-type']).toBe('application/json');
    expect(new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>)).toEqual(got!.json);
    expect(got!.headers['webhook-id']).toBe(got!.json.id);
    expect(got!.json).toMatchObject({ type: 'AUTHORIZATION_GRANTED', partnerId: 'partner-1', occurredAt: '2026-03-01T10:00:00.000Z' });
    expect(got!.json.data).toMatchObject({ authorizationId, sellerId: 'shop-1', serviceId: expect.any(String), expiresAt: expect.any(String) });
    expect(await deliveries(partner, webhookId)).toEqual([
      expect.objectContaining({
        deliveryId: got!.json.id,
        eventType: 'AUTHORIZATION_GRANTED',
        attempts: 1,
        status: 'DELIVERED',
        lastStatusCode: 204,
        deliveredAt: expect.any(String),
      }),
    ]);
  });

  it('a receiver that fails twice then succeeds gets the same notification three times: DELIVERED after 3 attempts', async () => {
    api = await startApi({ config: LOCAL });
    const hook = await receiver((_, n) => (n <= 2 ? 500 : 200));
    const { webhookId, secret } = await subscribe(partner, hook.url);
    await grant(await publish());
    await deliver();
    const [first] = await deliveries(partner, webhookId);
    expect(first).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      lastStatusCode: 500,
      lastError: expect.stringMatching(/^HTTP 500/),
      nextAttemptAt: expect.any(String),
    });
    expect(first.lastError.length).toBeLessThanOrEqual(500);
    await later(1_000);
    await later(1_000);
    const ids = hook.ids();
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    for (const r of hook.received) expect(new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).toEqual(r.json);
    expect(await deliveries(partner, webhookId)).toEqual([
      expect.objectContaining({ deliveryId: ids[0], attempts: 3, status: 'DELIVERED', lastStatusCode: 200 }),
    ]);
    await later(1_000);
    expect(hook.received).toHaveLength(3);
  });

  it('FAILED once 3 days have passed since the first attempt', async () => {
    api = await startApi({ config: { ...LOCAL, webhookRetryScheduleMs: [20 * 3_600_000] } });
    const hook = await receiver(() => 503);
    const { webhookId } = await subscribe(partner, hook.url);
    await grant(await publish(partner, 365));
    await deliver();
    for (let day = 0; day < 6; day++) await later(DAY);
    const [failed] = await deliveries(partner, webhookId);
    expect(failed).toMatchObject({ status: 'FAILED', lastStatusCode: 503 });
    expect(failed.attempts).toBeGreaterThanOrEqual(4);
    expect(failed.attempts).toBeLessThanOrEqual(5);
    expect(failed.nextAttemptAt).toBeUndefined();
  });

  it('keeps the order of one authorization: granted before cancelled', async () => {
    api = await startApi({ config: LOCAL });
    const hook = await receiver();
    await subscribe(partner, hook.url);
    const id = await grant(await publish());
    expectStatus(await api.as(seller).post(`/v1/authorizations/${id}/cancel`, {}), 200);
    await deliver();
    expect(hook.received.map((r) => [r.json.type, r.json.data.endReason])).toEqual([
      ['AUTHORIZATION_GRANTED', undefined],
      ['AUTHORIZATION_CANCELLED', 'SELLER_CANCELLED'],
    ]);
  });
});

describe('who is told what', () => {
  it("no partner receives another partner's events, and each only the types it asked for", async () => {
    api = await startApi({ config: LOCAL });
    const [mine, theirs, cancelsOnly] = [await receiver(), await receiver(), await receiver()];
    await subscribe(partner, mine.url);
    await subscribe(otherPartner, theirs.url);
    await subscribe(partner, cancelsOnly.url, ['AUTHORIZATION_CANCELLED']);
    const myService = await publish(partner);
    const theirService = await publish(otherPartner);
    const a = await grant(myService);
    await grant(theirService);
    await grant(theirService, sellerNo(2));
    expectStatus(await api.as(seller).post(`/v1/authorizations/${a}/cancel`, {}), 200);
    await deliver();
    expect(mine.received.map((r) => [r.json.partnerId, r.json.type, r.json.data.serviceId])).toEqual([
      ['partner-1', 'AUTHORIZATION_GRANTED', myService.serviceId],
      ['partner-1', 'AUTHORIZATION_CANCELLED', myService.serviceId],
    ]);
    expect(theirs.received.map((r) => [r.json.partnerId, r.json.data.serviceId])).toEqual([
      ['partner-2', theirService.serviceId],
      ['partner-2', theirService.serviceId],
    ]);
    expect(cancelsOnly.received.map((r) => r.json.type)).toEqual(['AUTHORIZATION_CANCELLED']);
    // One notification per webhook: the same event has another id at each of them.
    expect(cancelsOnly.received[0]!.json.id).not.toBe(mine.received[1]!.json.id);
  });

  it('a webhook receives only what happens after its subscription', async () => {
    api = await startApi({ config: LOCAL });
    const hook = await receiver();
    const service = await publish();
    await grant(service);
    await subscribe(partner, hook.url);
    const after = await grant(service, sellerNo(2));
    await deliver();
    expect(hook.received.map((r) => r.json.data.authorizationId)).toEqual([after]);
  });

  it('AUTHORIZATION_EXPIRING 7 days before expiry, once, even when the reminder is handed over twice', async () => {
    api = await startApi({ config: LOCAL });
    const hook = await receiver();
    const { webhookId } = await subscribe(partner, hook.url, ['AUTHORIZATION_EXPIRING']);
    const id = await grant(await publish(partner, 30));
    await deliver();
    api.clock.advance(23 * DAY);
    await deliver();
    expect(hook.received.map((r) => [r.json.type, r.json.data.authorizationId, r.json.data.daysBeforeExpiry])).toEqual([['AUTHORIZATION_EXPIRING', id, 7]]);
    const view = (await api.as(seller).get(`/v1/authorizations/${id}`)).body;
    const reminder = {
      reminderId: `expiring:${id}:${view.expiresAt}:7`,
      days: 7 as const,
      authorizationId: id,
      partnerId: 'partner-1',
      sellerId: 'shop-1',
      serviceId: view.serviceId,
      expiresAt: view.expiresAt,
      remindAt: hook.received[0]!.json.occurredAt,
    };
    await api.app.get(WebhookDispatcher).notify([reminder]);
    await deliver();
    expect(hook.received).toHaveLength(1);
    expect(await deliveries(partner, webhookId)).toHaveLength(1);
  });
});

describe('unsubscribing', () => {
  it('nothing more arrives, not even the retries of what was pending', async () => {
    api = await startApi({ config: LOCAL });
    const hook = await receiver(() => 500);
    const { webhookId } = await subscribe(partner, hook.url);
    const service = await publish();
    await grant(service);
    await deliver();
    expect(hook.received).toHaveLength(1);
    expectStatus(await api.as(otherPartner).delete(`/v1/webhooks/${webhookId}`), 404);
    expectStatus(await api.as(otherPartner).get(`/v1/webhooks/${webhookId}/deliveries`), 404);
    new Positions().expect(await api.as(partner).delete(`/v1/webhooks/${webhookId}`), 200);
    hook.behaviour = () => 204;
    await grant(service, sellerNo(2));
    await later(1_000);
    await later(1_000);
    expect(hook.received).toHaveLength(1);
    expect((await api.as(partner).get('/v1/webhooks')).body).toEqual({ items: [] });
    expectStatus(await api.as(partner).get(`/v1/webhooks/${webhookId}/deliveries`), 404);
    expectStatus(await api.as(partner).delete(`/v1/webhooks/${webhookId}`), 404);
  });
});

describe('a receiver that never answers', () => {
  it("does not delay another partner's deliveries", async () => {
    api = await startApi({ config: { ...LOCAL, webhookConcurrency: 4, webhookConcurrencyPerWebhook: 2 } });
    const dead = await receiver(() => 'hang');
    const alive = await receiver();
    await subscribe(partner, dead.url);
    await subscribe(otherPartner, alive.url);
    const mine = await publish(partner);
    for (let n = 1; n <= 5; n++) await grant(mine, sellerNo(n));
    await api.app.get(WebhookDispatcher).settle();
    await api.app.get(DeliveryWorker).pump();
    await eventually(() => dead.received.length === 2);
    const started = Date.now();
    await grant(await publish(otherPartner));
    await api.app.get(WebhookDispatcher).settle();
    await eventually(() => alive.received.length === 1, { timeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The dead receiver holds only its own two slots.
    expect(dead.received).toHaveLength(2);
  });
});
