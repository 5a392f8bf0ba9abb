// GET /v1/changes over a real listening server: each principal's stream carries exactly the
// events API.md lets it see, in log order, with the framing of the contract; a reconnect with
// Last-Event-ID or ?after= resumes with nothing skipped and nothing twice while writes go on;
// comments keep it open; bad resume positions and missing tokens are refused; it ends on close.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type TestApi } from '../support/app.js';
import { allEvents } from '../support/seed.js';
import { listen, openChanges, type SseStream } from './support/sse-client.js';
import { actions, ADMIN, AUDITOR, expectedIds, P1, P2, S1, S2, S3, visibleTo } from './support/tenants.js';
import type { Principal } from '#libs/platform';

const idsOf = (s: SseStream) => s.events.map((e) => e.id);
const lastOf = (ids: string[]) => ids[ids.length - 1];

describe('GET /v1/changes', () => {
  let api: TestApi;
  let base: string;
  const open: SseStream[] = [];
  const stream = async (principal: Principal | null, options?: Parameters<typeof openChanges>[2]) => {
    const s = await openChanges(base, principal && api.token(principal), options);
    open.push(s);
    return s;
  };
  /** Waits until the stream has received every event the principal may see after `after`, then compares. */
  const expectExactly = async (s: SseStream, principal: Principal, after: bigint) => {
    const expected = await expectedIds(api, principal, after);
    await s.until((x) => x.events.length >= expected.length);
    expect(idsOf(s)).toEqual(expected);
    return expected;
  };

  beforeAll(async () => {
    api = await startApi({ config: { changesKeepAliveMs: 100, webhookAllowHttp: true, webhookAllowPrivate: true } });
    base = await listen(api.app);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await api?.close();
  });

  it("gives a partner its own grants, renewal requests and cancels in order, and never another partner's or another partner's seller's", async () => {
    const act = actions(api);
    const from = await api.store.headPosition();
    const [p1, p2, s1, s2, s3, auditor, admin] = await Promise.all([P1, P2, S1, S2, S3, AUDITOR, ADMIN].map((p) => stream(p)));
    const ads = await act.publish(P1);
    const other = await act.publish(P2, 'Other');
    const a11 = (await act.grant(S1, ads))!;
    const a21 = (await act.grant(S2, ads))!;
    const a12 = (await act.grant(S1, other))!;
    await act.grant(S3, other);
    expect(await act.requestRenewal(P1, a11)).toBe(201);
    expect(await act.requestRenewal(P2, a12)).toBe(201);
    expect(await act.requestCancellation(P1, a21)).toBe(201);
    expect(await act.cancel(S1, a11)).toBe(200);
    expect(await act.cancel(S1, a12)).toBe(200);
    expect(await act.subscribeWebhook(P2)).toBe(201);

    const all = await expectExactly(auditor, AUDITOR, from);
    expect(await expectExactly(admin, ADMIN, from)).toEqual(all);
    await expectExactly(p1, P1, from);
    await expectExactly(p2, P2, from);
    await expectExactly(s1, S1, from);
    await expectExactly(s2, S2, from);
    await expectExactly(s3, S3, from);

    expect(p1.events.map((e) => e.event)).toEqual([
      'ServicePublished',
      'AuthorizationGranted',
      'AuthorizationGranted',
      'AuthorizationRenewalRequested',
      'AuthorizationCancellationRequested',
      'AuthorizationCancelled',
    ]);
    expect(p1.events.every((e) => e.data.ids.partnerId === 'partner-1')).toBe(true);
    expect(s1.events.map((e) => [e.event, e.data.ids.partnerId])).toEqual([
      ['AuthorizationGranted', 'partner-1'],
      ['AuthorizationGranted', 'partner-2'],
      ['AuthorizationRenewalRequested', 'partner-1'],
      ['AuthorizationRenewalRequested', 'partner-2'],
      ['AuthorizationCancelled', 'partner-1'],
      ['AuthorizationCancelled', 'partner-2'],
    ]);
    expect(s3.events.every((e) => e.data.ids.sellerId === 'shop-3' && e.data.ids.partnerId === 'partner-2')).toBe(true);
    // A seller sees no service of a partner, nor a partner's webhook.
    expect([...s1.events, ...s2.events, ...s3.events].some((e) => e.event.startsWith('Service') || e.event.startsWith('Webhook'))).toBe(false);
  });

  it('frames each event as API.md says: id the position, event the type, data with ids only', async () => {
    const from = await api.store.headPosition();
    const s = await stream(P1);
    const service = await actions(api).publish(P1, 'Framed');
    const id = (await actions(api).grant(S1, service))!;
    await s.until((x) => x.events.length >= 2);
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(s.headers['cache-control']).toMatch(/no-cache/);
    expect(s.headers['x-accel-buffering']).toBe('no');
    const [published, granted] = await allEvents(api.store).then((all) => all.filter((e) => e.position > from));
    expect(s.events).toEqual([
      {
        id: String(published!.position),
        event: 'ServicePublished',
        data: { position: String(published!.position), type: 'ServicePublished', ids: { serviceId: service.serviceId, partnerId: 'partner-1' } },
      },
      {
        id: String(granted!.position),
        event: 'AuthorizationGranted',
        data: {
          position: String(granted!.position),
          type: 'AuthorizationGranted',
          ids: { serviceId: service.serviceId, partnerId: 'partner-1', sellerId: 'shop-1', authorizationId: id },
        },
      },
    ]);
  });

  it('resumes after Last-Event-ID and after ?after= with nothing skipped and nothing twice while writes go on', async () => {
    const act = actions(api);
    const service = await act.publish(P1, 'Busy');
    const otherService = await act.publish(P2, 'Noise');
    const from = await api.store.headPosition();
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 30; i++) {
        const seller: Principal = { role: 'seller', sub: `shop-busy-${i}`, market: 'US_L2L' };
        const [mine] = await Promise.all([act.grant(seller, service), act.grant(seller, otherService)]);
        if (mine && i % 2 === 0) await act.requestRenewal(P1, mine);
        if (mine && i % 3 === 0) await act.cancel(seller, mine);
      }
      writing = false;
    })();

    const received: string[] = [];
    const first = await stream(P1, { query: `after=${from}` });
    await first.until((x) => x.events.length >= 5);
    first.close();
    received.push(...idsOf(first));
    const second = await stream(P1, { lastEventId: lastOf(received)! });
    await second.until((x) => x.events.length >= 5);
    second.close();
    received.push(...idsOf(second));
    // Both at once: Last-Event-ID wins (an EventSource keeps the URL it was opened with).
    const third = await stream(P1, { lastEventId: lastOf(received)!, query: 'after=0' });
    await third.until((x) => x.events.length >= 3);
    third.close();
    received.push(...idsOf(third));
    await writer;
    expect(writing).toBe(false);
    const fourth = await stream(P1, { query: `after=${lastOf(received)}` });
    const expected = await expectedIds(api, P1, from);
    await fourth.until((x) => received.length + x.events.length >= expected.length);
    received.push(...idsOf(fourth));
    expect(received).toEqual(expected);
    expect(new Set(received).size).toBe(received.length);
  });

  it('catches up from the log, then follows it live, with one seam and no duplicate', async () => {
    const act = actions(api);
    const service = await act.publish(P1, 'Seam');
    const s = await stream(AUDITOR, { query: 'after=0' });
    await Promise.all(Array.from({ length: 10 }, (_, i) => act.grant({ role: 'seller', sub: `shop-seam-${i}`, market: 'US_L2L' }, service)));
    const expected = (await allEvents(api.store)).map((e) => String(e.position));
    await s.until((x) => x.events.length >= expected.length);
    expect(idsOf(s)).toEqual(expected);
  });

  it('sends a keep-alive comment when nothing happens', async () => {
    const s = await stream(S2);
    await s.until((x) => x.comments.includes('keep-alive'));
    expect(s.events).toEqual([]);
  });

  it('is refused without a token (401), and with a resume position that is not one (400), changing nothing', async () => {
    const before = await api.store.headPosition();
    const none = await stream(null);
    await none.ended;
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    const head = await api.store.headPosition();
    for (const [options, field] of [
      [{ lastEventId: 'abc' }, 'Last-Event-ID'],
      [{ lastEventId: '-1' }, 'Last-Event-ID'],
      [{ lastEventId: '1e3' }, 'Last-Event-ID'],
      [{ lastEventId: '9'.repeat(21) }, 'Last-Event-ID'],
      [{ lastEventId: '18446744073709551616' }, 'Last-Event-ID'],
      [{ lastEventId: String(head + 1n) }, 'Last-Event-ID'],
      [{ query: 'after=abc' }, 'after'],
      [{ query: 'after=' }, 'after'],
      [{ query: `after=${head + 1000n}` }, 'after'],
      [{ query: 'from=3' }, 'from'],
    ] as const) {
      const s = await stream(P1, options);
      await s.ended;
      expect([options, s.status]).toEqual([options, 400]);
      expect(s.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(s.text).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await api.store.headPosition()).toBe(before);
  });

  it('never shows a seller an event of a service, a webhook or a ban', async () => {
    const from = await api.store.headPosition();
    const s = await stream(S1);
    const service = await actions(api).publish(P1, 'Banned soon');
    await actions(api).grant(S1, service);
    expect((await api.as(ADMIN).post('/v1/admin/partners/partner-1/ban', { reason: 'fraud' })).status).toBe(200);
    await api.settle();
    const seen = await expectExactly(s, S1, from);
    const types = (await allEvents(api.store)).filter((e) => seen.includes(String(e.position))).map((e) => e.type);
    // The ban deactivates every ACTIVE authorization shop-1 gave partner-1 (earlier tests' too).
    expect(new Set(types)).toEqual(new Set(['AuthorizationGranted', 'AuthorizationDeactivated']));
    expect((await allEvents(api.store)).some((e) => e.type === 'PartnerBanned' && e.position > from && !visibleTo(S1, e))).toBe(true);
  });
});
