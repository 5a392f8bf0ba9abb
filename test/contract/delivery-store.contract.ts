// The webhook delivery store port's contract: every adapter runs this suite (SQLite in `npm test`,
// MongoDB in `npm run test:integration`). `open` gives a store over empty storage each time:
// due() and nextDueAfter() look at every webhook, so tests must not see each other's rows.
import { describe, expect, it } from '@jest/globals';
import { type Delivery, type DeliveryStore, type DueQuery, LAST_ERROR_MAX_LENGTH, type NewDelivery } from '#libs/operational';

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T10:00:01.000Z';
const T2 = '2026-03-01T10:00:02.000Z';
const BEFORE_T0 = '2026-03-01T09:59:59.999Z';

/** A new delivery; ids and creation times are deliberately out of step with the order added. */
const aDelivery = (id: string, patch: Partial<NewDelivery> = {}): NewDelivery => ({
  deliveryId: `msg_${id}`,
  webhookId: 'wh_a',
  partnerId: 'partner-1',
  eventId: `ev-${id}`,
  eventType: 'AUTHORIZATION_GRANTED',
  orderingKey: `wh_a/au_${id}`,
  payload: `{"id":"msg_${id}","data":{"note":"é ✓"}}`,
  createdAt: T0,
  ...patch,
});

export function deliveryStoreContract(name: string, open: () => Promise<DeliveryStore>): void {
  describe(`delivery store contract: ${name}`, () => {
    const due = (store: DeliveryStore, patch: Partial<DueQuery> = {}) => store.due({ now: T0, limit: 100, excludeWebhooks: [], excludeKeys: [], ...patch });
    const ids = (deliveries: Delivery[]) => deliveries.map((d) => d.deliveryId);
    const one = async (store: DeliveryStore, deliveryId: string, webhookId = 'wh_a') =>
      (await store.list(webhookId, 1_000)).find((d) => d.deliveryId === deliveryId);

    describe('add', () => {
      it('stores new deliveries as PENDING, due at their creation, with nothing else set', async () => {
        const store = await open();
        expect(await store.add([aDelivery('1', { createdAt: T1 })])).toBe(1);
        expect(await store.list('wh_a', 10)).toEqual([{ ...aDelivery('1', { createdAt: T1 }), status: 'PENDING', attempts: 0, nextAttemptAt: T1 }]);
      });

      it('counts only the new ids: a known id is ignored, also twice in one batch, and keeps what it was', async () => {
        const store = await open();
        expect(await store.add([aDelivery('1'), aDelivery('2')])).toBe(2);
        expect(await store.add([aDelivery('1', { payload: '{"changed":true}' }), aDelivery('3'), aDelivery('3', { payload: 'second' })])).toBe(1);
        expect(await store.add([aDelivery('1'), aDelivery('2'), aDelivery('3')])).toBe(0);
        expect(await store.add([])).toBe(0);
        expect(ids(await store.list('wh_a', 10))).toEqual(['msg_3', 'msg_2', 'msg_1']);
        expect((await one(store, 'msg_1'))!.payload).toBe(aDelivery('1').payload);
        expect((await one(store, 'msg_3'))!.payload).toBe(aDelivery('3').payload);
      });
    });

    describe('due', () => {
      it('answers PENDING deliveries due by now (inclusive) in the order they were added, not by id or creation time', async () => {
        const store = await open();
        await store.add([aDelivery('z', { createdAt: BEFORE_T0 }), aDelivery('a', { createdAt: T0 })]);
        await store.add([aDelivery('m', { createdAt: BEFORE_T0 }), aDelivery('later', { createdAt: T1 })]);
        expect(ids(await due(store))).toEqual(['msg_z', 'msg_a', 'msg_m']);
        expect(ids(await due(store, { now: BEFORE_T0 }))).toEqual(['msg_z', 'msg_m']);
        expect(ids(await due(store, { now: T2 }))).toEqual(['msg_z', 'msg_a', 'msg_m', 'msg_later']);
      });

      it('keeps a retried delivery in its place: the order is the order added, not the time due', async () => {
        const store = await open();
        await store.add([aDelivery('1'), aDelivery('2')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T1, statusCode: 503 });
        expect(ids(await due(store))).toEqual(['msg_2']);
        expect(ids(await due(store, { now: T1 }))).toEqual(['msg_1', 'msg_2']);
      });

      it('leaves out the excluded webhooks and ordering keys, alone or together', async () => {
        const store = await open();
        await store.add([
          aDelivery('1'),
          aDelivery('2', { orderingKey: 'wh_a/au_1' }),
          aDelivery('3', { webhookId: 'wh_b', orderingKey: 'wh_b/au_3' }),
          aDelivery('4'),
          aDelivery('5', { webhookId: 'wh_c', orderingKey: 'wh_c/au_5' }),
        ]);
        expect(ids(await due(store))).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4', 'msg_5']);
        expect(ids(await due(store, { excludeWebhooks: ['wh_a'] }))).toEqual(['msg_3', 'msg_5']);
        expect(ids(await due(store, { excludeWebhooks: ['wh_a', 'wh_c'] }))).toEqual(['msg_3']);
        expect(ids(await due(store, { excludeKeys: ['wh_a/au_1'] }))).toEqual(['msg_3', 'msg_4', 'msg_5']);
        expect(ids(await due(store, { excludeKeys: ['wh_a/au_1', 'wh_a/au_4'] }))).toEqual(['msg_3', 'msg_5']);
        expect(ids(await due(store, { excludeWebhooks: ['wh_b'], excludeKeys: ['wh_a/au_4', 'wh_c/au_5'] }))).toEqual(['msg_1', 'msg_2']);
        expect(ids(await due(store, { excludeWebhooks: ['wh_unknown'], excludeKeys: ['nothing'] }))).toHaveLength(5);
      });

      it('answers at most `limit`, the oldest, after the exclusions; none for a limit of 0', async () => {
        const store = await open();
        await store.add(['1', '2', '3', '4'].map((n) => aDelivery(n)));
        expect(ids(await due(store, { limit: 2 }))).toEqual(['msg_1', 'msg_2']);
        expect(ids(await due(store, { limit: 2, excludeKeys: ['wh_a/au_1'] }))).toEqual(['msg_2', 'msg_3']);
        expect(ids(await due(store, { limit: 1 }))).toEqual(['msg_1']);
        expect(await due(store, { limit: 0 })).toEqual([]);
      });

      it('answers whole deliveries, and leaves out those no longer PENDING', async () => {
        const store = await open();
        await store.add([aDelivery('1'), aDelivery('2'), aDelivery('3'), aDelivery('4', { webhookId: 'wh_b' })]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'DELIVERED', statusCode: 200 });
        await store.recordAttempt({ deliveryId: 'msg_2', attemptedAt: T0, status: 'FAILED', statusCode: 410, error: 'HTTP 410' });
        await store.cancelPending('wh_b', 'unsubscribed');
        expect(await due(store)).toEqual([{ ...aDelivery('3'), status: 'PENDING', attempts: 0, nextAttemptAt: T0 }]);
      });
    });

    describe('nextDueAfter', () => {
      it('is the earliest nextAttemptAt of a PENDING delivery strictly later than now', async () => {
        const store = await open();
        expect(await store.nextDueAfter(T0)).toBeUndefined();
        await store.add([aDelivery('1'), aDelivery('2', { createdAt: T2 }), aDelivery('3', { createdAt: T1 })]);
        expect(await store.nextDueAfter(BEFORE_T0)).toBe(T0);
        expect(await store.nextDueAfter(T0)).toBe(T1);
        expect(await store.nextDueAfter(T1)).toBe(T2);
        expect(await store.nextDueAfter(T2)).toBeUndefined();
      });

      it('ignores deliveries no longer PENDING', async () => {
        const store = await open();
        await store.add([aDelivery('1', { createdAt: T1 }), aDelivery('2', { createdAt: T2, webhookId: 'wh_b' })]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'DELIVERED', statusCode: 200 });
        expect(await store.nextDueAfter(T0)).toBe(T2);
        await store.cancelPending('wh_b', 'unsubscribed');
        expect(await store.nextDueAfter(T0)).toBeUndefined();
      });
    });

    describe('recordAttempt', () => {
      it('records a failed attempt to retry: counts it, keeps the first time, sets the next, truncates the error', async () => {
        const store = await open();
        await store.add([aDelivery('1')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T1, statusCode: 500, error: 'x'.repeat(2_000) });
        const retrying = await one(store, 'msg_1');
        expect(retrying).toEqual({
          ...aDelivery('1'),
          status: 'PENDING',
          attempts: 1,
          firstAttemptAt: T0,
          lastAttemptAt: T0,
          nextAttemptAt: T1,
          lastStatusCode: 500,
          lastError: 'x'.repeat(LAST_ERROR_MAX_LENGTH),
        });
      });

      it('keeps the first attempt time even when a later attempt reports an earlier one', async () => {
        const store = await open();
        await store.add([aDelivery('1')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'PENDING', nextAttemptAt: T2, error: 'timeout' });
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T2, error: 'timeout' });
        expect(await one(store, 'msg_1')).toMatchObject({ attempts: 2, firstAttemptAt: T1, lastAttemptAt: T0 });
      });

      it('retries at once when PENDING comes without a next time; clears the status code and error not given', async () => {
        const store = await open();
        await store.add([aDelivery('1')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T1, statusCode: 502, error: 'HTTP 502' });
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'PENDING' });
        const again = (await one(store, 'msg_1'))!;
        expect(again).toMatchObject({ attempts: 2, nextAttemptAt: T1, lastAttemptAt: T1 });
        expect(again.lastStatusCode).toBeUndefined();
        expect(again.lastError).toBeUndefined();
      });

      it('ends a delivery as DELIVERED (deliveredAt set) or FAILED (not), nothing due after either', async () => {
        const store = await open();
        await store.add([aDelivery('1'), aDelivery('2')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T1, statusCode: 500, error: 'HTTP 500' });
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'DELIVERED', statusCode: 204 });
        await store.recordAttempt({ deliveryId: 'msg_2', attemptedAt: T1, status: 'FAILED', error: 'connection refused' });
        const ended = { ...aDelivery('1'), status: 'DELIVERED', attempts: 2, firstAttemptAt: T0, lastAttemptAt: T1, lastStatusCode: 204, deliveredAt: T1 };
        expect(await one(store, 'msg_1')).toEqual(ended);
        expect(await one(store, 'msg_2')).toEqual({
          ...aDelivery('2'),
          status: 'FAILED',
          attempts: 1,
          firstAttemptAt: T1,
          lastAttemptAt: T1,
          lastError: 'connection refused',
        });
        expect(await due(store, { now: T2 })).toEqual([]);
        expect(await store.nextDueAfter(BEFORE_T0)).toBeUndefined();
      });

      it('stores texts as given, even ones that look like field paths or operators', async () => {
        const store = await open();
        await store.add([aDelivery('1')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T1, error: '$attempts' });
        expect(await one(store, 'msg_1')).toMatchObject({ lastError: '$attempts', attempts: 1 });
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'FAILED', error: '{"$set":{"status":"PENDING"}}' });
        expect(await one(store, 'msg_1')).toMatchObject({ lastError: '{"$set":{"status":"PENDING"}}', status: 'FAILED' });
      });

      it('leaves a delivery no longer PENDING as it is, and ignores an unknown id', async () => {
        const store = await open();
        await store.add([aDelivery('1'), aDelivery('2')]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'DELIVERED', statusCode: 200 });
        await store.recordAttempt({ deliveryId: 'msg_2', attemptedAt: T0, status: 'FAILED', error: 'gone' });
        const before = await store.list('wh_a', 10);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'PENDING', nextAttemptAt: T2, statusCode: 500 });
        await store.recordAttempt({ deliveryId: 'msg_2', attemptedAt: T1, status: 'DELIVERED', statusCode: 200 });
        await store.recordAttempt({ deliveryId: 'msg_unknown', attemptedAt: T1, status: 'DELIVERED', statusCode: 200 });
        expect(await store.list('wh_a', 10)).toEqual(before);
        expect(await store.list('wh_unknown', 10)).toEqual([]);
      });
    });

    describe('cancelPending', () => {
      it('fails every PENDING delivery of the webhook with the reason (truncated), and counts them; others stay', async () => {
        const store = await open();
        await store.add([aDelivery('1'), aDelivery('2'), aDelivery('3'), aDelivery('4', { webhookId: 'wh_b' })]);
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T0, status: 'PENDING', nextAttemptAt: T1, statusCode: 500, error: 'HTTP 500' });
        await store.recordAttempt({ deliveryId: 'msg_2', attemptedAt: T0, status: 'DELIVERED', statusCode: 200 });
        const reason = 'the webhook was unsubscribed ' + 'r'.repeat(600);
        expect(await store.cancelPending('wh_a', reason)).toBe(2);
        const cut = reason.slice(0, LAST_ERROR_MAX_LENGTH);
        const retried = { ...aDelivery('1'), status: 'FAILED', attempts: 1, firstAttemptAt: T0, lastAttemptAt: T0, lastStatusCode: 500, lastError: cut };
        expect(await one(store, 'msg_1')).toEqual(retried);
        expect(await one(store, 'msg_3')).toEqual({ ...aDelivery('3'), status: 'FAILED', attempts: 0, lastError: cut });
        expect((await one(store, 'msg_2'))!.status).toBe('DELIVERED');
        expect((await one(store, 'msg_4', 'wh_b'))!.status).toBe('PENDING');
        expect(await store.cancelPending('wh_a', reason)).toBe(0);
        expect(await store.cancelPending('wh_unknown', reason)).toBe(0);
      });

      it('is not undone by an attempt that ends after it', async () => {
        const store = await open();
        await store.add([aDelivery('1')]);
        await store.cancelPending('wh_a', 'unsubscribed');
        await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'DELIVERED', statusCode: 200 });
        expect(await one(store, 'msg_1')).toMatchObject({ status: 'FAILED', attempts: 0, lastError: 'unsubscribed' });
      });
    });

    describe('list', () => {
      it("answers a webhook's deliveries newest first (the reverse of the order added), at most `limit`", async () => {
        const store = await open();
        await store.add([aDelivery('b', { createdAt: T2 }), aDelivery('a', { createdAt: T0 }), aDelivery('x', { webhookId: 'wh_b' })]);
        await store.add([aDelivery('c', { createdAt: T1 })]);
        await store.recordAttempt({ deliveryId: 'msg_b', attemptedAt: T0, status: 'DELIVERED', statusCode: 200 });
        expect(ids(await store.list('wh_a', 10))).toEqual(['msg_c', 'msg_a', 'msg_b']);
        expect(ids(await store.list('wh_a', 2))).toEqual(['msg_c', 'msg_a']);
        expect(await store.list('wh_a', 0)).toEqual([]);
        expect(ids(await store.list('wh_b', 10))).toEqual(['msg_x']);
        expect(await store.list('wh_unknown', 10)).toEqual([]);
      });
    });
  });
}
