// The audit routes: "who did what, when, and what did it look like then", from the event history
// alone. One authorization is granted, edited, renewed, cancelled and granted again, hours or
// days apart; its history names each step, and its state as of each moment is what
// GET /v1/authorizations/{id} answered at that moment.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streams } from '#libs/domain';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectProblem, expectStatus, plusDays, T0 } from './helpers.js';

const { partner, otherPartner, seller, otherSeller, admin, auditor } = principals;
const STEPS = ['AuthorizationGranted', 'AuthorizationScopesChanged', 'AuthorizationRenewed', 'AuthorizationCancelled', 'AuthorizationGranted'] as const;
const AUDIT_EVENT_KEYS = ['data', 'eventId', 'metadata', 'position', 'revision', 'streamName', 'type'];
const METADATA_KEYS = ['actor', 'causationId', 'correlationId', 'occurredAt', 'schemaVersion'];

describe('audit', () => {
  let api: TestApi;
  let id: string;
  /** When each step happened, and the view GET /v1/authorizations/{id} gave right after it. */
  const moments: Array<{ at: string; view: Record<string, unknown> }> = [];
  const history = (who = auditor) => api.as(who).get(`/v1/audit/authorizations/${id}/history`);
  const stateAt = (asOf: string, who = auditor) => api.as(who).get(`/v1/audit/authorizations/${id}/state?asOf=${encodeURIComponent(asOf)}`);

  beforeAll(async () => {
    api = await startApi({ now: T0, config: { processIntervalMs: 3_600_000 } });
    const published = await api.as(partner).post('/v1/services', {
      name: 'Ads optimisation',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP', 'SHOP_AND_TIKTOK_ACCOUNT'], shopOperationTicket: true, dataCompass: true },
      validityDays: 30,
    });
    expectStatus(published, 201);
    const { linkCode, serviceId } = published.body;
    const grant = () =>
      api.as(seller).post('/v1/authorizations', { linkCode, grants: [{ serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }] });
    const record = async () => {
      const got = await api.as(seller).get(`/v1/authorizations/${id}`);
      expectStatus(got, 200);
      moments.push({ at: api.clock.now().toISOString(), view: got.body });
    };

    api.clock.advanceHours(1);
    const granted = await grant();
    expectStatus(granted, 201);
    id = granted.body.authorizations[0].authorizationId;
    await record();
    api.clock.advanceDays(1);
    expectStatus(
      await api
        .as(seller)
        .patch(`/v1/authorizations/${id}`, { scopes: { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', shopOperationTicket: true, dataCompass: true } }),
      200,
    );
    await record();
    api.clock.advanceDays(10);
    expectStatus(await api.as(seller).post(`/v1/authorizations/${id}/renew`), 200);
    await record();
    api.clock.advanceDays(2);
    expectStatus(await api.as(seller).post(`/v1/authorizations/${id}/cancel`, { reason: 'switching agency' }), 200);
    await record();
    api.clock.advanceDays(1);
    expectStatus(await grant(), 201);
    await record();
    api.clock.advanceHours(1);
  });
  afterAll(() => api.close());

  describe('the history of an authorization', () => {
    it('names each step, oldest first, with who did it and when', async () => {
      const got = await history();
      expectStatus(got, 200);
      expect(got.body.authorizationId).toBe(id);
      const events = got.body.events as any[];
      expect(events.map((e) => e.type)).toEqual([...STEPS]);
      events.forEach((e, i) => {
        expect(Object.keys(e).sort()).toEqual(AUDIT_EVENT_KEYS);
        expect(Object.keys(e.metadata).sort()).toEqual(METADATA_KEYS);
        expect(e.metadata).toMatchObject({
          actor: { role: 'seller', sub: seller.sub },
          occurredAt: moments[i]!.at,
          causationId: null,
          correlationId: expect.any(String),
        });
        expect(e.data.authorizationId).toBe(id);
        expect(e.position).toMatch(/^\d+$/);
        if (i > 0) expect(BigInt(e.position) > BigInt(events[i - 1].position)).toBe(true);
      });
      expect(new Set(events.map((e) => e.streamName))).toEqual(new Set([streams.binding(partner.sub, seller.sub)]));
      expect(events.map((e) => e.revision)).toEqual([...events.keys()].map((k) => events[0].revision + k));
      expect(events[0].metadata.schemaVersion).toBe(2);
      expect(events[1].data.scopes).toMatchObject({ authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', shopOperationTicket: true });
      expect(events[3].data).toMatchObject({ endReason: 'SELLER_CANCELLED', reason: 'switching agency' });
    });

    it('is open to auditors, admins and the authorization’s own partner and seller; others see nothing (404)', async () => {
      const own = await history(auditor);
      for (const who of [admin, partner, seller]) expect((await history(who)).body).toEqual(own.body);
      for (const who of [otherPartner, otherSeller]) expectProblem(await history(who), 404);
      expectProblem(await api.as(null).get(`/v1/audit/authorizations/${id}/history`), 401);
      expectProblem(await api.as(auditor).get('/v1/audit/authorizations/au_nothing/history'), 404);
    });
  });

  describe('the state as of a moment', () => {
    it('is what the authorization looked like right after each step', async () => {
      for (const [i, moment] of moments.entries()) {
        const got = await stateAt(moment.at);
        expectStatus(got, 200);
        expect({ step: STEPS[i], view: got.body }).toEqual({ step: STEPS[i], view: moment.view });
      }
      expect(moments.map((m) => m.view.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'CANCELLED', 'ACTIVE']);
      expect(moments.map((m) => m.view.revision)).toEqual([1, 2, 3, 4, 5]);
    });

    it('between two steps is the state after the earlier one', async () => {
      const between = new Date((Date.parse(moments[1]!.at) + Date.parse(moments[2]!.at)) / 2).toISOString();
      const got = await stateAt(between);
      expectStatus(got, 200);
      expect(got.body).toMatchObject({ revision: 2, status: 'ACTIVE', scopes: moments[1]!.view.scopes, expiresAt: moments[1]!.view.expiresAt });
      expect(got.body).not.toHaveProperty('renewedAt');
    });

    it('shows an ACTIVE authorization whose expiresAt had passed then as EXPIRED, as every view does', async () => {
      const last = moments[4]!.view as { expiresAt: string };
      const got = await stateAt(plusDays(last.expiresAt, 1));
      expect(got.body).toMatchObject({ status: 'EXPIRED', endReason: 'EXPIRED', endedAt: last.expiresAt, revision: 5 });
    });

    it('accepts an instant with an offset, or without milliseconds', async () => {
      const at = moments[0]!.at;
      const offset = new Date(Date.parse(at) + 2 * 3_600_000).toISOString().replace(/\.000Z$/, '+02:00');
      expect((await stateAt(offset)).body).toEqual(moments[0]!.view);
      expect((await stateAt(at.replace(/\.000Z$/, 'Z'))).body).toEqual(moments[0]!.view);
    });

    it('is 404 before the authorization existed, and for those who may not see it', async () => {
      expectProblem(await stateAt(T0), 404);
      expectProblem(await stateAt(moments[0]!.at, otherPartner), 404);
      expectProblem(await stateAt(moments[0]!.at, otherSeller), 404);
      for (const who of [partner, seller, admin]) expectStatus(await stateAt(moments[0]!.at, who), 200);
    });

    it('asks for an ISO-8601 instant (400 naming asOf)', async () => {
      for (const bad of ['', 'yesterday', '2026-03-01', '2026-02-30T10:00:00Z', '2026-03-01T10:00:00', '1700000000000'])
        expectProblem(await stateAt(bad), 400, 'asOf');
      expectProblem(await api.as(auditor).get(`/v1/audit/authorizations/${id}/state`), 400, 'asOf');
    });
  });

  describe('the global log', () => {
    const page = (query: string, who = auditor) => api.as(who).get(`/v1/audit/events${query}`);

    it('pages through every event in order, fromPosition exclusive, nextPosition null at the end', async () => {
      const all = await page('?limit=1000');
      expectStatus(all, 200);
      expect(all.body.nextPosition).toBeNull();
      const head = await api.store.headPosition();
      expect(all.body.events).toHaveLength(Number(head));
      expect(all.body.events.map((e: any) => e.position)).toEqual([...Array(Number(head)).keys()].map((i) => String(i + 1)));
      const walked: any[] = [];
      let from: string | null = '0';
      while (from !== null) {
        const got = await page(`?limit=2&fromPosition=${from}`);
        expectStatus(got, 200);
        walked.push(...got.body.events);
        from = got.body.nextPosition;
        if (from !== null) expect(from).toBe(got.body.events[1].position);
      }
      expect(walked).toEqual(all.body.events);
      expect((await page(`?limit=${head}`)).body.nextPosition).toBeNull();
      expect((await page(`?limit=${Number(head) - 1}`)).body.nextPosition).toBe(String(head - 1n));
      expect((await page(`?fromPosition=${head}`)).body).toEqual({ events: [], nextPosition: null });
      expect((await page('')).body.events).toHaveLength(Math.min(100, Number(head)));
    });

    it('filters on one or several types', async () => {
      const granted = await page('?type=AuthorizationGranted');
      expect(granted.body.events.map((e: any) => e.type)).toEqual(['AuthorizationGranted', 'AuthorizationGranted']);
      const two = await page('?type=AuthorizationGranted&type=AuthorizationCancelled&type=ServicePublished');
      expect(two.body.events.map((e: any) => e.type)).toEqual(['ServicePublished', 'AuthorizationGranted', 'AuthorizationCancelled', 'AuthorizationGranted']);
      const paged = await page('?type=AuthorizationGranted&limit=1');
      expect(paged.body.nextPosition).toBe(granted.body.events[0].position);
    });

    it('refuses unknown types, limits out of range and bad positions (400 naming the parameter)', async () => {
      expectProblem(await page('?type=AuthorizationGranted&type=AuthorisationGranted'), 400, 'type');
      expectProblem(await page('?type='), 400, 'type');
      for (const limit of ['0', '1001', 'ten', '1.5']) expectProblem(await page(`?limit=${limit}`), 400, 'limit');
      for (const from of ['-1', 'abc', '1e3', '18446744073709551616', '99999999999999999999'])
        expectProblem(await page(`?fromPosition=${from}`), 400, 'fromPosition');
      expectProblem(await page('?since=0'), 400, 'since');
    });

    it('is for auditors and admins only (403 for the others)', async () => {
      expectStatus(await page('', admin), 200);
      for (const who of [partner, seller]) expectProblem(await page('', who), 403);
      expectProblem(await api.as(null).get('/v1/audit/events'), 401);
    });

    it('never shows a webhook’s sealed secret', async () => {
      const sealedSecret = `sealed:v1:${randomUUID()}`;
      const at = api.clock.now().toISOString();
      await api.store.append(
        streams.webhook('wh-audit'),
        [
          {
            eventId: randomUUID(),
            type: 'WebhookSubscribed',
            data: {
              webhookId: 'wh-audit',
              partnerId: partner.sub,
              url: 'https://hooks.example.com/tsp',
              eventTypes: ['AUTHORIZATION_GRANTED'],
              createdAt: at,
              sealedSecret,
            },
            metadata: { actor: { role: 'partner', sub: partner.sub }, correlationId: randomUUID(), causationId: null, occurredAt: at, schemaVersion: 1 },
          },
        ],
        'no_stream',
      );
      const got = await page('?type=WebhookSubscribed');
      expect(got.body.events).toHaveLength(1);
      expect(got.body.events[0].data).toMatchObject({ webhookId: 'wh-audit', url: 'https://hooks.example.com/tsp', sealedSecret: '[REDACTED]' });
      expect((await page('?limit=1000')).text).not.toContain(sealedSecret);
    });
  });
});
