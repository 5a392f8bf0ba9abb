// The SQLite delivery store: a notification stored once per id, due ones oldest first with the
// busy webhooks and ordering keys left out, attempts recorded, and all of it durable in the file.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { type NewDelivery, openOperationalDatabase, SqliteDeliveryStore } from '#libs/operational';

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T10:00:01.000Z';
let db: Database.Database | undefined;
afterEach(() => {
  db?.close();
});

const open = (file = ':memory:') => new SqliteDeliveryStore((db = openOperationalDatabase(file)));
const row = (n: number, patch: Partial<NewDelivery> = {}): NewDelivery => ({
  deliveryId: `msg_${n}`,
  webhookId: 'wh_a',
  partnerId: 'partner-1',
  eventId: `ev-${n}`,
  eventType: 'AUTHORIZATION_GRANTED',
  orderingKey: `wh_a/au_${n}`,
  payload: `{"id":"msg_${n}"}`,
  createdAt: T0,
  ...patch,
});

describe('the delivery store', () => {
  it('stores a notification once: the same id again is ignored', async () => {
    const store = open();
    expect(await store.add([row(1), row(2)])).toBe(2);
    expect(await store.add([row(1), row(3)])).toBe(1);
    expect((await store.list('wh_a', 10)).map((d) => d.deliveryId)).toEqual(['msg_3', 'msg_2', 'msg_1']);
    expect(await store.list('wh_a', 10)).toContainEqual({ ...row(1), status: 'PENDING', attempts: 0, nextAttemptAt: T0 });
  });

  it('answers due deliveries oldest first, leaving out busy webhooks and keys', async () => {
    const store = open();
    await store.add([row(1), row(2, { orderingKey: 'wh_a/au_1' }), row(3, { webhookId: 'wh_b', orderingKey: 'wh_b/au_3' }), row(4)]);
    const ids = async (excludeWebhooks: string[], excludeKeys: string[], limit = 10) =>
      (await store.due({ now: T0, limit, excludeWebhooks, excludeKeys })).map((d) => d.deliveryId);
    expect(await ids([], [])).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4']);
    expect(await ids([], [], 2)).toEqual(['msg_1', 'msg_2']);
    expect(await ids(['wh_a'], [])).toEqual(['msg_3']);
    expect(await ids([], ['wh_a/au_1'])).toEqual(['msg_3', 'msg_4']);
    expect(await store.due({ now: '2026-03-01T09:59:59.999Z', limit: 10, excludeWebhooks: [], excludeKeys: [] })).toEqual([]);
  });

  it('records attempts: a retry later, then delivered', async () => {
    const store = open();
    await store.add([row(1)]);
    await store.recordAttempt({
      deliveryId: 'msg_1',
      attemptedAt: T0,
      status: 'PENDING',
      nextAttemptAt: T1,
      statusCode: 500,
      error: 'HTTP 500: ' + 'x'.repeat(2_000),
    });
    const [retrying] = await store.list('wh_a', 1);
    expect(retrying).toMatchObject({ status: 'PENDING', attempts: 1, firstAttemptAt: T0, nextAttemptAt: T1, lastStatusCode: 500 });
    expect(retrying!.lastError!.length).toBe(500);
    expect(await store.due({ now: T0, limit: 10, excludeWebhooks: [], excludeKeys: [] })).toEqual([]);
    expect(await store.nextDueAfter(T0)).toBe(T1);
    await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'DELIVERED', statusCode: 204 });
    const [delivered] = await store.list('wh_a', 1);
    expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 2, firstAttemptAt: T0, deliveredAt: T1, lastStatusCode: 204 });
    expect(delivered!.nextAttemptAt).toBeUndefined();
    expect(delivered!.lastError).toBeUndefined();
    expect(await store.nextDueAfter(T0)).toBeUndefined();
  });

  it('cancels what is pending for an unsubscribed webhook, and an attempt ending late does not revive it', async () => {
    const store = open();
    await store.add([row(1), row(2), row(3, { webhookId: 'wh_b' })]);
    await store.recordAttempt({ deliveryId: 'msg_2', attemptedAt: T0, status: 'DELIVERED', statusCode: 200 });
    expect(await store.cancelPending('wh_a', 'the webhook was unsubscribed')).toBe(1);
    await store.recordAttempt({ deliveryId: 'msg_1', attemptedAt: T1, status: 'DELIVERED', statusCode: 200 });
    expect((await store.list('wh_a', 10)).map((d) => [d.deliveryId, d.status, d.attempts])).toEqual([
      ['msg_2', 'DELIVERED', 1],
      ['msg_1', 'FAILED', 0],
    ]);
    expect((await store.list('wh_b', 10))[0]!.status).toBe('PENDING');
  });

  it('keeps everything in the SQLite file across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deliveries-'));
    try {
      const file = join(dir, 'events.db');
      await open(file).add([row(1)]);
      db!.close();
      const reopened = open(file);
      expect((await reopened.due({ now: T0, limit: 10, excludeWebhooks: [], excludeKeys: [] })).map((d) => d.deliveryId)).toEqual(['msg_1']);
    } finally {
      db?.close();
      db = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
