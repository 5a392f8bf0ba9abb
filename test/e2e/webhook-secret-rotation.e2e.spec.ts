// A webhook's secret is never lost for good: the partner rotates it, the new one is answered
// (again on a retry with the same Idempotency-Key), and deliveries carry a signature for the new
// and for the old secret until the old one's overlap ends (WEBHOOK_SECRET_OVERLAP_HOURS), then for
// the new one alone. A local receiver plays the partner; the clock is the test's.
import { afterEach, describe, expect, it } from '@jest/globals';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Principal } from '#libs/platform';
import { DeliveryWorker } from '../../libs/shell/src/webhooks/delivery-worker.js';
import { WebhookDispatcher } from '../../libs/shell/src/webhooks/webhook-dispatcher.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { Receiver } from '../webhooks/receiver.js';
import { expectProblem, expectStatus, Positions } from './helpers.js';

const { partner, otherPartner, seller, admin, auditor } = principals;
const LOCAL = { webhookAllowHttp: true, webhookAllowPrivate: true, webhookRetryScheduleMs: [10, 20] };
const HOUR = 3_600_000;

let api: TestApi;
let receiver: Receiver | undefined;
afterEach(async () => {
  await api?.close();
  await receiver?.close();
  receiver = undefined;
});

async function deliver() {
  await api.settle();
  await api.app.get(WebhookDispatcher).settle();
  await api.app.get(DeliveryWorker).pump();
  await api.app.get(DeliveryWorker).idle();
}

async function subscribe(who: Principal, url: string) {
  const res = await api.as(who).post('/v1/webhooks', { url, eventTypes: ['AUTHORIZATION_GRANTED', 'AUTHORIZATION_RENEWED'] });
  expectStatus(res, 201);
  return res.body as { webhookId: string; secret: string };
}

async function grantOne(): Promise<string> {
  const published = await api
    .as(partner)
    .post('/v1/services', { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } });
  expectStatus(published, 201);
  const { serviceId, linkCode } = published.body;
  const granted = await api
    .as(seller)
    .post('/v1/authorizations', { linkCode, grants: [{ serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }] });
  expectStatus(granted, 201);
  return granted.body.authorizations[0].authorizationId;
}

const verifies = (secret: string, got: { body: string; headers: Record<string, unknown> }) => {
  try {
    new Webhook(secret).verify(got.body, got.headers as Record<string, string>);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
};

describe('POST /v1/webhooks/{webhookId}/secret-rotations', () => {
  it('answers a new secret; deliveries verify with either secret during the overlap, then with the new one alone', async () => {
    api = await startApi({ config: LOCAL });
    receiver = await Receiver.start();
    const { webhookId, secret: old } = await subscribe(partner, receiver.url);
    const positions = new Positions();
    const rotated = await api.as(partner).post(`/v1/webhooks/${webhookId}/secret-rotations`);
    positions.expect(rotated, 201);
    expect(Object.keys(rotated.body).sort()).toEqual(['position', 'secret']);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(fresh).not.toBe(old);

    const authorizationId = await grantOne();
    await deliver();
    const [during] = receiver.received;
    expect(during!.json.type).toBe('AUTHORIZATION_GRANTED');
    expect(String(during!.headers['webhook-signature']).split(' ')).toEqual([expect.stringMatching(/^v1,/), expect.stringMatching(/^v1,/)]);
    expect([verifies(fresh, during!), verifies(old, during!)]).toEqual([true, true]);

    // The old secret expires 24 hours (the default overlap) after the rotation.
    api.clock.advance(24 * HOUR + 1);
    expectStatus(await api.as(seller).post(`/v1/authorizations/${authorizationId}/renew`), 200);
    await deliver();
    const after = receiver.received.find((r) => r.json.type === 'AUTHORIZATION_RENEWED');
    expect(String(after!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect([verifies(fresh, after!), verifies(old, after!)]).toEqual([true, false]);
  });

  it('WEBHOOK_SECRET_OVERLAP_HOURS sets the overlap; the secret is in the log only sealed, and the audit routes redact it', async () => {
    api = await startApi({ config: { ...LOCAL, webhookSecretOverlapHours: 2 } });
    receiver = await Receiver.start();
    const { webhookId, secret: old } = await subscribe(partner, receiver.url);
    const { secret: fresh } = (await api.as(partner).post(`/v1/webhooks/${webhookId}/secret-rotations`)).body;
    api.clock.advance(2 * HOUR);
    await grantOne();
    await deliver();
    const [got] = receiver.received;
    expect([verifies(fresh, got!), verifies(old, got!)]).toEqual([true, false]);
    const log = JSON.stringify((await api.store.readAll({ fromPosition: 0n, limit: 1_000 })).map((e) => e.data));
    expect(log).not.toContain(fresh.slice(6));
    const audit = await api.as(auditor).get('/v1/audit/events?type=WebhookSecretRotated');
    expectStatus(audit, 200);
    expect(audit.body.events).toEqual([
      expect.objectContaining({
        type: 'WebhookSecretRotated',
        data: expect.objectContaining({ webhookId, partnerId: partner.sub, sealedSecret: '[REDACTED]', previousSecretExpiresAt: '2026-03-01T12:00:00.000Z' }),
      }),
    ]);
  });

  it('with an Idempotency-Key: a retry answers the same secret and rotates nothing more', async () => {
    api = await startApi({ config: LOCAL });
    const { webhookId } = await subscribe(partner, 'http://127.0.0.1:9/hooks');
    const key = { 'Idempotency-Key': 'rotate-1' };
    const first = await api.as(partner).post(`/v1/webhooks/${webhookId}/secret-rotations`, undefined, key);
    expectStatus(first, 201);
    const before = await api.eventCount();
    const again = await api.as(partner).post(`/v1/webhooks/${webhookId}/secret-rotations`, undefined, key);
    expect([again.status, again.body, again.headers['idempotent-replayed']]).toEqual([201, first.body, 'true']);
    expect(await api.eventCount()).toBe(before);
  });

  it("another partner's, an unknown or an unsubscribed webhook: 404; a seller or an admin: 403; nothing appended", async () => {
    api = await startApi({ config: LOCAL });
    const { webhookId } = await subscribe(partner, 'http://127.0.0.1:9/hooks');
    const gone = await subscribe(partner, 'http://127.0.0.1:9/gone');
    expectStatus(await api.as(partner).delete(`/v1/webhooks/${gone.webhookId}`), 200);
    const before = await api.eventCount();
    expectProblem(await api.as(otherPartner).post(`/v1/webhooks/${webhookId}/secret-rotations`), 404);
    expectProblem(await api.as(partner).post('/v1/webhooks/wh_unknown/secret-rotations'), 404);
    expectProblem(await api.as(partner).post(`/v1/webhooks/${gone.webhookId}/secret-rotations`), 404);
    expectProblem(await api.as(seller).post(`/v1/webhooks/${webhookId}/secret-rotations`), 403);
    expectProblem(await api.as(admin).post(`/v1/webhooks/${webhookId}/secret-rotations`), 403);
    expectProblem(await api.as(partner).post(`/v1/webhooks/${webhookId}/secret-rotations`, { secret: 'whsec_mine' }), 400, 'secret');
    expect(await api.eventCount()).toBe(before);
  });
});
