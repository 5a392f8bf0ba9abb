// The delivery store's MongoDB documents, filters and updates, checked without a server: mingo
// evaluates the same filters and update pipelines MongoDB would be sent.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { find, Query, update, updateMany, updateOne } from 'mingo';
import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import type { AttemptOutcome, DueQuery, NewDelivery } from '../deliveries.js';
import { type DeliveryDocument, firstOfEachId, firstReserved, fromDeliveryDocument, reserveSequence, toDeliveryDocument } from './delivery-documents.js';
import { DELIVERY_INDEXES, DUE_SORT, dueFilter, LIST_SORT, listFilter, NEXT_DUE_SORT, nextDueFilter } from './delivery-queries.js';
import { attemptWrite, cancelWrite } from './delivery-writes.js';
import { insertedDespiteDuplicates, isDuplicateKey } from './duplicate-keys.js';

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T10:00:01.000Z';
const T2 = '2026-03-01T10:00:02.000Z';
const fresh = (id: string, patch: Partial<NewDelivery> = {}): NewDelivery => ({
  deliveryId: id,
  webhookId: 'wh_a',
  partnerId: 'p',
  eventId: `ev-${id}`,
  eventType: 'AUTHORIZATION_GRANTED',
  orderingKey: `k-${id}`,
  payload: '{}',
  createdAt: T0,
  ...patch,
});
const stored = (id: string, seq: number, patch: Partial<DeliveryDocument> = {}): DeliveryDocument => ({ ...toDeliveryDocument(fresh(id), seq), ...patch });
const dueQuery = (patch: Partial<DueQuery> = {}): DueQuery => ({ now: T0, limit: 10, excludeWebhooks: [], excludeKeys: [], ...patch });

describe('stored deliveries', () => {
  it('use the delivery id as _id, start PENDING and due at creation, and read back as the port shows them', () => {
    const doc = toDeliveryDocument(fresh('msg_1', { createdAt: T1 }), 7);
    expect(doc).toEqual({
      ...fresh('msg_1', { createdAt: T1 }),
      deliveryId: undefined,
      _id: 'msg_1',
      seq: 7,
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: T1,
    });
    expect('deliveryId' in doc).toBe(false);
    expect(fromDeliveryDocument(doc)).toEqual({ ...fresh('msg_1', { createdAt: T1 }), status: 'PENDING', attempts: 0, nextAttemptAt: T1 });
  });

  it('leave out of a Delivery the sequence and any absent or null field', () => {
    const delivery = fromDeliveryDocument({ ...stored('m', 1), nextAttemptAt: undefined, lastError: null as never, lastStatusCode: 0, deliveredAt: T1 });
    expect(delivery).toEqual({ ...fresh('m'), status: 'PENDING', attempts: 0, lastStatusCode: 0, deliveredAt: T1 });
    expect(Object.keys(delivery)).not.toContain('seq');
  });

  it("keep a batch's first delivery of each id, in order, as SQLite's insert-or-ignore does", () => {
    const batch = [fresh('a'), fresh('b'), fresh('a', { payload: 'second' }), fresh('c'), fresh('b')];
    expect(firstOfEachId(batch)).toEqual([fresh('a'), fresh('b'), fresh('c')]);
    expect(firstOfEachId([])).toEqual([]);
  });

  it('take their sequence numbers from a counter: the $inc reserves a block ending at its result', () => {
    const counter = { _id: 'webhook_deliveries', value: 4 };
    const { filter, update: inc } = reserveSequence('webhook_deliveries', 3);
    expect(new Query(filter).test(counter)).toBe(true);
    update(counter, inc as never);
    expect(counter.value).toBe(7);
    expect([0, 1, 2].map((i) => firstReserved(counter.value, 3) + i)).toEqual([5, 6, 7]);
    const created = { _id: 'webhook_deliveries' };
    update(created, inc as never);
    expect(firstReserved((created as typeof counter).value, 3)).toBe(1);
  });
});

describe('due', () => {
  const docs = [
    stored('late', 1, { nextAttemptAt: T1 }),
    stored('b', 2, { webhookId: 'wh_b', orderingKey: 'k-b' }),
    stored('a', 3, { createdAt: T1, nextAttemptAt: T0 }),
    stored('done', 4, { status: 'DELIVERED', nextAttemptAt: undefined }),
    stored('failed', 5, { status: 'FAILED', nextAttemptAt: undefined }),
    stored('c', 6, { nextAttemptAt: '2026-03-01T09:00:00.000Z' }),
  ];
  const dueIds = (q: DueQuery) =>
    find(docs, dueFilter(q))
      .sort(DUE_SORT)
      .limit(q.limit)
      .all()
      .map((d) => d._id);

  it('selects PENDING deliveries due by now (inclusive), in sequence order', () => {
    expect(dueIds(dueQuery())).toEqual(['b', 'a', 'c']);
    expect(dueIds(dueQuery({ now: T1 }))).toEqual(['late', 'b', 'a', 'c']);
    expect(dueIds(dueQuery({ limit: 2 }))).toEqual(['b', 'a']);
  });

  it('leaves out the excluded webhooks and keys, and names no exclusion it was not given', () => {
    expect(dueIds(dueQuery({ excludeWebhooks: ['wh_b'] }))).toEqual(['a', 'c']);
    expect(dueIds(dueQuery({ excludeKeys: ['k-a', 'k-c'] }))).toEqual(['b']);
    expect(dueFilter(dueQuery())).toEqual({ status: 'PENDING', nextAttemptAt: { $lte: T0 } });
    expect(dueFilter(dueQuery({ excludeWebhooks: ['w'], excludeKeys: ['k'] }))).toEqual({
      status: 'PENDING',
      nextAttemptAt: { $lte: T0 },
      webhookId: { $nin: ['w'] },
      orderingKey: { $nin: ['k'] },
    });
  });

  it('agrees with the SQLite WHERE clause on any delivery', () => {
    const iso = fc.integer({ min: 0, max: 4 }).map((s) => `2026-03-01T10:00:0${s}.000Z`);
    const doc = fc.record({
      status: fc.constantFrom('PENDING', 'DELIVERED', 'FAILED'),
      nextAttemptAt: fc.option(iso, { nil: undefined }),
      webhookId: fc.constantFrom('w1', 'w2', 'w3'),
      orderingKey: fc.constantFrom('k1', 'k2', 'k3'),
    });
    const query = fc.record({ now: iso, hooks: fc.subarray(['w1', 'w2', 'w3']), keys: fc.subarray(['k1', 'k2', 'k3']) });
    fc.assert(
      fc.property(doc, query, (d, q) => {
        const sql =
          d.status === 'PENDING' &&
          d.nextAttemptAt !== undefined &&
          d.nextAttemptAt <= q.now &&
          !q.hooks.includes(d.webhookId) &&
          !q.keys.includes(d.orderingKey);
        return new Query(dueFilter({ now: q.now, limit: 1, excludeWebhooks: q.hooks, excludeKeys: q.keys })).test({ _id: 'x', ...d }) === sql;
      }),
    );
  });

  it('finds the next due time strictly after now among PENDING deliveries', () => {
    const next = (now: string) => find(docs, nextDueFilter(now)).sort(NEXT_DUE_SORT).limit(1).all()[0]?.nextAttemptAt;
    expect(next('2026-03-01T08:00:00.000Z')).toBe('2026-03-01T09:00:00.000Z');
    expect(next(T0)).toBe(T1);
    expect(next(T1)).toBeUndefined();
  });

  it("lists a webhook's deliveries newest first by sequence", () => {
    expect(
      find(docs, listFilter('wh_a'))
        .sort(LIST_SORT)
        .all()
        .map((d) => d._id),
    ).toEqual(['c', 'failed', 'done', 'a', 'late']);
  });
});

describe('the indexes', () => {
  it('keep the due and next-due indexes to PENDING deliveries, which every query using them names', () => {
    const [bySeq, byNext, byWebhook] = DELIVERY_INDEXES;
    expect(bySeq).toMatchObject({ key: { seq: 1, nextAttemptAt: 1 }, partialFilterExpression: { status: 'PENDING' } });
    expect(byNext).toMatchObject({ key: { nextAttemptAt: 1 }, partialFilterExpression: { status: 'PENDING' } });
    expect(byWebhook).toEqual({ name: 'webhook_seq', key: { webhookId: 1, seq: -1 } });
    expect(dueFilter(dueQuery())).toMatchObject(bySeq!.partialFilterExpression!);
    expect(nextDueFilter(T0)).toMatchObject(byNext!.partialFilterExpression!);
    expect(Object.keys(bySeq!.key)[0]).toBe(Object.keys(DUE_SORT)[0]);
  });
});

describe('an attempt', () => {
  const apply = (doc: DeliveryDocument, outcome: AttemptOutcome) => {
    const docs = [structuredClone(doc)];
    const { filter, update: pipeline } = attemptWrite(outcome);
    const { matchedCount } = updateOne(docs, filter, pipeline as never);
    return { matched: matchedCount, delivery: fromDeliveryDocument(docs[0]!) };
  };
  const base = { ...fresh('m'), status: 'PENDING' as const };

  it('to retry: counts it, records the first and last times, the answer, and when to try next', () => {
    const { delivery } = apply(stored('m', 1), {
      deliveryId: 'm',
      attemptedAt: T0,
      status: 'PENDING',
      nextAttemptAt: T1,
      statusCode: 500,
      error: 'e'.repeat(600),
    });
    expect(delivery).toEqual({
      ...base,
      attempts: 1,
      firstAttemptAt: T0,
      lastAttemptAt: T0,
      nextAttemptAt: T1,
      lastStatusCode: 500,
      lastError: 'e'.repeat(500),
    });
  });

  it('keeps the first attempt time (COALESCE, not the earliest), and retries at once without a next time', () => {
    const after = stored('m', 1, { attempts: 1, firstAttemptAt: T1, lastAttemptAt: T1, nextAttemptAt: T2, lastStatusCode: 502, lastError: 'HTTP 502' });
    const { delivery } = apply(after, { deliveryId: 'm', attemptedAt: T0, status: 'PENDING' });
    expect(delivery).toEqual({ ...base, attempts: 2, firstAttemptAt: T1, lastAttemptAt: T0, nextAttemptAt: T0 });
  });

  it('ends DELIVERED with deliveredAt, or FAILED without; neither keeps a next time', () => {
    const retrying = stored('m', 1, { attempts: 1, firstAttemptAt: T0, lastAttemptAt: T0, nextAttemptAt: T1, lastError: 'timeout' });
    expect(apply(retrying, { deliveryId: 'm', attemptedAt: T1, status: 'DELIVERED', statusCode: 204 }).delivery).toEqual({
      ...base,
      status: 'DELIVERED',
      attempts: 2,
      firstAttemptAt: T0,
      lastAttemptAt: T1,
      lastStatusCode: 204,
      deliveredAt: T1,
    });
    expect(apply(retrying, { deliveryId: 'm', attemptedAt: T1, status: 'FAILED', error: 'gone' }).delivery).toEqual({
      ...base,
      status: 'FAILED',
      attempts: 2,
      firstAttemptAt: T0,
      lastAttemptAt: T1,
      lastError: 'gone',
    });
  });

  it('stores strings that look like field paths as written: they are $literal in the pipeline', () => {
    const { delivery } = apply(stored('m', 1), { deliveryId: 'm', attemptedAt: '$attempts', status: 'PENDING', error: '$payload', statusCode: 500 });
    expect(delivery).toMatchObject({ attempts: 1, lastError: '$payload', firstAttemptAt: '$attempts', nextAttemptAt: '$attempts' });
    const unguarded = [stored('m', 1)];
    updateOne(unguarded, { _id: 'm' }, [{ $set: { lastError: '$attempts' } }]);
    expect(unguarded[0]!.lastError).toBe(0); // what the store would keep without $literal
  });

  it('matches only that delivery while PENDING', () => {
    const outcome: AttemptOutcome = { deliveryId: 'm', attemptedAt: T1, status: 'DELIVERED' };
    expect(apply(stored('m', 1, { status: 'FAILED', nextAttemptAt: undefined }), outcome).matched).toBe(0);
    expect(apply(stored('m', 1, { status: 'DELIVERED', nextAttemptAt: undefined }), outcome).matched).toBe(0);
    expect(apply(stored('other', 1), outcome).matched).toBe(0);
  });
});

describe('cancelling a webhook', () => {
  it('fails its PENDING deliveries with the reason, clearing the next time and nothing else', () => {
    const docs = [
      stored('p', 1, { attempts: 2, lastStatusCode: 500 }),
      stored('d', 2, { status: 'DELIVERED', nextAttemptAt: undefined }),
      stored('o', 3, { webhookId: 'wh_b' }),
    ];
    const { filter, update: cancel } = cancelWrite('wh_a', 'r'.repeat(700));
    expect(updateMany(docs, filter, cancel as never).modifiedCount).toBe(1);
    expect(fromDeliveryDocument(docs[0]!)).toEqual({ ...fresh('p'), status: 'FAILED', attempts: 2, lastStatusCode: 500, lastError: 'r'.repeat(500) });
    expect(docs[1]!.status).toBe('DELIVERED');
    expect(docs[2]!.status).toBe('PENDING');
  });
});

describe('duplicate keys', () => {
  const bulkError = (codes: number[], insertedCount: number, writeConcern?: object) =>
    new MongoBulkWriteError({ message: 'E11000 duplicate key error', code: codes[0]!, writeErrors: codes.map((code, index) => ({ code, index }) as never) }, {
      insertedCount,
      getWriteConcernError: () => writeConcern,
    } as never);

  it('count what an unordered insertMany inserted when every failure is a duplicate id', () => {
    expect(insertedDespiteDuplicates(bulkError([11000, 11000], 3))).toBe(3);
    expect(insertedDespiteDuplicates(bulkError([11000], 0))).toBe(0);
  });

  it('are not a pass for any other failure', () => {
    expect(insertedDespiteDuplicates(bulkError([11000, 121], 1))).toBeUndefined();
    expect(insertedDespiteDuplicates(bulkError([11000], 1, { code: 64, errmsg: 'waiting for replication timed out' }))).toBeUndefined();
    expect(insertedDespiteDuplicates(new MongoServerError({ message: 'not primary', code: 10107 }))).toBeUndefined();
    expect(insertedDespiteDuplicates(new Error('network'))).toBeUndefined();
    expect(insertedDespiteDuplicates(undefined)).toBeUndefined();
  });

  it('of a single write are told by their code', () => {
    expect(isDuplicateKey(new MongoServerError({ message: 'E11000 duplicate key error collection: t.k index: _id_', code: 11000 }))).toBe(true);
    expect(isDuplicateKey(new MongoServerError({ message: 'other', code: 2 }))).toBe(false);
    expect(isDuplicateKey(new Error('E11000'))).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });
});
