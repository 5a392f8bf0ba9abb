// Idempotency-Key, as API.md words it: the same principal with the same key and the same body
// gets the first answer again and nothing is appended; the same key with another body is 422;
// keys are kept at least 24 hours, survive a restart, and two concurrent requests with one key
// have one effect.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Answer, principals, startApi, type TestApi } from '../support/app.js';
import { expectProblem, expectStatus, T0 } from '../e2e/helpers.js';
import type { IdempotencyStore } from '#libs/operational';
import { IDEMPOTENCY_STORE, IDEMPOTENCY_TIMINGS } from '../../libs/shell/src/idempotency/idempotency.keys.js';
import { fingerprintOf } from '../../apps/api/src/idempotency/request-key.js';
import { buildWorld, L2L_SCOPES, SERVICE, type World } from './support/world.js';

const { partner, otherPartner, seller } = principals;
const key = (name: string) => ({ 'Idempotency-Key': `${name}-${Math.random().toString(36).slice(2)}` });

/** The second answer is the first one again, marked as a replay, and appended nothing. */
async function expectReplay(api: TestApi, first: Answer, again: () => Promise<Answer>): Promise<Answer> {
  const before = await api.eventCount();
  const second = await again();
  expect(second.status).toBe(first.status);
  expect(second.body).toEqual(first.body);
  expect(second.headers['idempotent-replayed']).toBe('true');
  for (const header of ['x-event-position', 'etag']) expect(second.headers[header]).toBe(first.headers[header]);
  expect(await api.eventCount()).toBe(before);
  return second;
}

describe('Idempotency-Key', () => {
  let api: TestApi;
  let world: World;
  beforeAll(async () => {
    api = await startApi({ now: T0 });
    world = await buildWorld(api);
  });
  afterAll(() => api.close());

  it('a retry of a publish gets the first answer (same serviceId, same position) and appends nothing', async () => {
    const k = key('publish');
    const first = await api.as(partner).post('/v1/services', SERVICE, k);
    expectStatus(first, 201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    await expectReplay(api, first, () => api.as(partner).post('/v1/services', SERVICE, k));
  });

  it('the same body with its fields in another order is the same request', async () => {
    const k = key('order');
    const first = await api.as(partner).post('/v1/services', SERVICE, k);
    const reordered = Object.fromEntries(Object.entries(SERVICE).reverse());
    await expectReplay(api, first, () => api.as(partner).post('/v1/services', reordered, k));
  });

  it('the same key with another body, another path or another method is 422, and appends nothing', async () => {
    const k = key('reuse');
    expectStatus(await api.as(seller).patch(`/v1/authorizations/${world.ids.active}`, { autoRenew: true }, k), 200);
    const before = await api.eventCount();
    expectProblem(await api.as(seller).patch(`/v1/authorizations/${world.ids.active}`, { autoRenew: false }, k), 422, 'Idempotency-Key');
    expectProblem(await api.as(seller).post(`/v1/authorizations/${world.ids.active}/renew`, {}, k), 422, 'Idempotency-Key');
    expectProblem(await api.as(seller).delete(`/v1/authorizations/${world.ids.cancelled}`, k), 422, 'Idempotency-Key');
    expect(await api.eventCount()).toBe(before);
  });

  it('keys are per principal: another partner with the same key publishes its own service', async () => {
    const k = key('scoped');
    const mine = await api.as(partner).post('/v1/services', SERVICE, k);
    const theirs = await api.as(otherPartner).post('/v1/services', SERVICE, k);
    expectStatus(theirs, 201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.body.serviceId).not.toBe(mine.body.serviceId);
  });

  it('an edit is replayed with its ETag, even after the authorization moved on', async () => {
    const k = key('edit');
    const first = await api.as(seller).patch(`/v1/authorizations/${world.ids.active}`, { autoRenew: false }, k);
    expectStatus(first, 200);
    expectStatus(await api.as(seller).patch(`/v1/authorizations/${world.ids.active}`, { autoRenew: true }), 200);
    await expectReplay(api, first, () => api.as(seller).patch(`/v1/authorizations/${world.ids.active}`, { autoRenew: false }, k));
  });

  it("a domain refusal is the command's answer: kept and replayed, though the state now allows it", async () => {
    const k = key('refusal');
    const refused = await api.as(seller).post(`/v1/authorizations/${world.ids.cancelled}/renew`, {}, k);
    expectProblem(refused, 409);
    const regrant = await api
      .as(seller)
      .post('/v1/authorizations', { linkCode: world.ids.linkCode, grants: [{ serviceId: world.ids.reports, scopes: L2L_SCOPES }] });
    expectStatus(regrant, 201);
    const again = await expectReplay(api, refused, () => api.as(seller).post(`/v1/authorizations/${world.ids.cancelled}/renew`, {}, k));
    expect(String(again.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expectStatus(await api.as(seller).post(`/v1/authorizations/${world.ids.cancelled}/cancel`), 200);
  });

  it('a malformed request (400) is not kept: fixed, it runs under the same key', async () => {
    const k = key('fixed');
    expectProblem(await api.as(partner).post('/v1/services', { ...SERVICE, name: '' }, k), 400, 'name');
    expectStatus(await api.as(partner).post('/v1/services', SERVICE, k), 201);
  });

  it('an empty key is 400 naming the header; queries ignore the header', async () => {
    expectProblem(await api.as(partner).post('/v1/services', SERVICE, { 'Idempotency-Key': '' }), 400, 'Idempotency-Key');
    expectStatus(await api.as(partner).get('/v1/partner/services', { 'Idempotency-Key': 'x'.repeat(300) }), 200);
  });

  it('20 concurrent publishes with one key: one service, one event, nineteen replays', async () => {
    const k = key('burst');
    const before = await api.eventCount();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.as(partner).post('/v1/services', SERVICE, k)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.body.serviceId)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await api.eventCount()).toBe(before + 1);
  });

  it("a webhook's secret: a replay answers the same secret, which is kept at rest only sealed", async () => {
    const hooks = await startApi({ now: T0, config: { webhookAllowHttp: true, webhookAllowPrivate: true } });
    try {
      const k = key('webhook');
      const first = await hooks.as(partner).post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' }, k);
      expectStatus(first, 201);
      expect(first.body.secret).toMatch(/^whsec_/);
      const before = await hooks.eventCount();
      const again = await hooks.as(partner).post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' }, k);
      expect([again.status, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
      const { secret } = first.body;
      expect(again.body).toEqual(first.body);
      expect(await hooks.eventCount()).toBe(before);
      const stored = await hooks.app.get<IdempotencyStore>(IDEMPOTENCY_STORE).get('partner:partner-1', k['Idempotency-Key'], hooks.clock.now());
      expect(JSON.stringify(stored)).not.toContain(secret);
    } finally {
      await hooks.close();
    }
  });

  it('kept at least 24 hours; after IDEMPOTENCY_TTL_HOURS (48 by default) the store forgets it, and the log still answers the same request', async () => {
    const k = key('ttl');
    const first = await api.as(partner).post('/v1/services', SERVICE, k);
    api.clock.advanceHours(47);
    await expectReplay(api, first, () => api.as(partner).post('/v1/services', SERVICE, k));
    api.clock.advanceHours(2);
    const before = await api.eventCount();
    const again = await api.as(partner).post('/v1/services', SERVICE, k);
    expect([again.status, again.body, again.headers['x-event-position']]).toEqual([201, first.body, first.headers['x-event-position']]);
    expect(await api.eventCount()).toBe(before);
  });

  it('after IDEMPOTENCY_TTL_HOURS the key is free for another request', async () => {
    const k = key('ttl-other');
    const first = await api.as(partner).post('/v1/services', SERVICE, k);
    api.clock.advanceHours(49);
    const other = await api.as(partner).post('/v1/services', { ...SERVICE, name: 'Another' }, k);
    expectStatus(other, 201);
    expect(other.body.serviceId).not.toBe(first.body.serviceId);
  });
});

describe('Idempotency-Key across restarts and processes', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tsp-idempotency-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('an answer survives a restart: replayed by the next process, nothing appended', async () => {
    const k = key('restart');
    const first = await startApi({ now: T0, dataDir });
    const published = await first.as(partner).post('/v1/services', SERVICE, k);
    expectStatus(published, 201);
    await first.close();
    const second = await startApi({ now: T0, dataDir });
    try {
      await expectReplay(second, published, () => second.as(partner).post('/v1/services', SERVICE, k));
    } finally {
      await second.close();
    }
  });

  it('two processes on one log, one key sent to both at once: one effect, the other answer replays it', async () => {
    const [a, b] = [await startApi({ now: T0, dataDir }), await startApi({ now: T0, dataDir })];
    try {
      for (let round = 0; round < 5; round++) {
        const k = key(`two-${round}`);
        const before = await a.eventCount();
        const answers = await Promise.all([a, b, a, b].map((api) => api.as(partner).post('/v1/services', SERVICE, k)));
        expect(answers.map((x) => x.status)).toEqual([201, 201, 201, 201]);
        expect(new Set(answers.map((x) => x.body.serviceId)).size).toBe(1);
        expect(await a.eventCount()).toBe(before + 1);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a key held by a process that died before answering: 409 with Retry-After while its claim holds, then it runs', async () => {
    const api = await startApi({ now: T0, dataDir, providers: [{ provide: IDEMPOTENCY_TIMINGS, useValue: { leaseMs: 30_000, waitMs: 150, pollMs: 10 } }] });
    try {
      const k = key('orphan');
      const now = api.clock.now();
      const store = api.app.get<IdempotencyStore>(IDEMPOTENCY_STORE);
      const orphan = {
        scope: 'partner:partner-1',
        key: k['Idempotency-Key'],
        fingerprint: fingerprintOf('POST', '/v1/services', SERVICE),
        owner: 'a-dead-process',
      };
      expect(
        await store.claim({ ...orphan, now, lockedUntil: new Date(now.getTime() + 30_000), expiresAt: new Date(now.getTime() + 48 * 3_600_000) }),
      ).toBeUndefined();
      const before = await api.eventCount();
      const waiting = await api.as(partner).post('/v1/services', SERVICE, k);
      expectProblem(waiting, 409);
      expect(waiting.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
      expect(waiting.headers['retry-after']).toBe('1');
      expect(await api.eventCount()).toBe(before);
      api.clock.advance(30_001);
      expectStatus(await api.as(partner).post('/v1/services', SERVICE, k), 201);
      expect(await api.eventCount()).toBe(before + 1);
    } finally {
      await api.close();
    }
  });
});
