// The stored form of webhook deliveries in MongoDB and the queries and updates of the delivery
// store, as pure functions (the spec checks them with mingo). They say what the SQLite
// statements in ../sqlite/sqlite-delivery-store.ts say; field for field, a NULL column there is
// an absent field here (never null), so a read gives back the same Delivery.
//
// "In the order they were added" is a sequence number, `seq`, reserved from a counter document
// ($inc by the batch's size) before the batch is inserted. Not (createdAt, _id): createdAt is
// the caller's time (a reminder and an event may carry times out of insertion order) and
// delivery ids are random, so neither orders a batch as it was given; SQLite's rowid does, and
// so does a counter. Not an ObjectId either: across processes it orders only to the second.
// The counter keeps ascending even where a reservation is left unused (ignored duplicates, a
// crash between reservation and insert): gaps are harmless, only the order counts.
import type { Document, Filter, IndexDescription, UpdateFilter } from 'mongodb';
import { type AttemptOutcome, type Delivery, type DeliveryStatus, type DueQuery, LAST_ERROR_MAX_LENGTH, type NewDelivery } from '../deliveries.js';

// A type, not an interface: it then fits mingo's document type in the specs.
export type DeliveryDocument = {
  /** The delivery id. */
  _id: string;
  seq: number;
  webhookId: string;
  partnerId: string;
  eventId: string;
  eventType: string;
  orderingKey: string;
  payload: string;
  createdAt: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: string;
  firstAttemptAt?: string;
  lastAttemptAt?: string;
  lastStatusCode?: number;
  lastError?: string;
  deliveredAt?: string;
  /** When the last send was claimed (fenced stores); not part of a Delivery. */
  claimedAt?: Date;
};

export interface CounterDocument {
  _id: string;
  value: number;
}

// Deliveries are kept after they end (the webhook's history), so the due and next-due indexes
// are partial: they hold the PENDING few, not the whole history. Every query that uses them has
// `status: 'PENDING'`, which is what lets the planner pick a partial index.
// - due: equality (status, by the partial filter), then the sort (seq), then the range
//   (nextAttemptAt) in the key, so the scan walks pending deliveries in order and stops at limit.
// - nextDueAfter: the earliest nextAttemptAt after now, one index seek.
// - list: a webhook's deliveries newest first, as SQLite's (webhook_id, seq) index serves it.
export const DELIVERY_INDEXES: readonly IndexDescription[] = [
  { name: 'pending_seq_next', key: { seq: 1, nextAttemptAt: 1 }, partialFilterExpression: { status: 'PENDING' } },
  { name: 'pending_next', key: { nextAttemptAt: 1 }, partialFilterExpression: { status: 'PENDING' } },
  { name: 'webhook_seq', key: { webhookId: 1, seq: -1 } },
];

/** The first of each id, in order: SQLite's insert-or-ignore keeps a batch's first row of an id. */
export function firstOfEachId(deliveries: readonly NewDelivery[]): NewDelivery[] {
  const seen = new Set<string>();
  return deliveries.filter((d) => !seen.has(d.deliveryId) && seen.add(d.deliveryId));
}

/** Reserves `count` sequence numbers: the counter's value after the $inc is the last of them. */
export function reserveSequence(name: string, count: number): { filter: Filter<CounterDocument>; update: UpdateFilter<CounterDocument> } {
  return { filter: { _id: name }, update: { $inc: { value: count } } };
}

export const firstReserved = (valueAfter: number, count: number): number => valueAfter - count + 1;

/** A new delivery is due at once: nextAttemptAt = createdAt, as the SQLite insert sets it. */
export function toDeliveryDocument(d: NewDelivery, seq: number): DeliveryDocument {
  return {
    _id: d.deliveryId,
    seq,
    webhookId: d.webhookId,
    partnerId: d.partnerId,
    eventId: d.eventId,
    eventType: d.eventType,
    orderingKey: d.orderingKey,
    payload: d.payload,
    createdAt: d.createdAt,
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: d.createdAt,
  };
}

const OPTIONAL = ['nextAttemptAt', 'firstAttemptAt', 'lastAttemptAt', 'lastStatusCode', 'lastError', 'deliveredAt'] as const;

export function fromDeliveryDocument(doc: DeliveryDocument): Delivery {
  const d: Delivery = {
    deliveryId: doc._id,
    webhookId: doc.webhookId,
    partnerId: doc.partnerId,
    eventId: doc.eventId,
    eventType: doc.eventType,
    orderingKey: doc.orderingKey,
    payload: doc.payload,
    createdAt: doc.createdAt,
    status: doc.status,
    attempts: doc.attempts,
  };
  for (const field of OPTIONAL) {
    const value = doc[field];
    if (value !== undefined && value !== null) (d as unknown as Record<string, unknown>)[field] = value;
  }
  return d;
}

/** ISO times are compared as strings, bytewise, as SQLite compares TEXT. */
export function dueFilter(query: DueQuery): Filter<DeliveryDocument> {
  const filter: Filter<DeliveryDocument> = { status: 'PENDING', nextAttemptAt: { $lte: query.now } };
  if (query.excludeWebhooks.length) filter.webhookId = { $nin: [...query.excludeWebhooks] };
  if (query.excludeKeys.length) filter.orderingKey = { $nin: [...query.excludeKeys] };
  return filter;
}

export const DUE_SORT = { seq: 1 } as const;

export const nextDueFilter = (now: string): Filter<DeliveryDocument> => ({ status: 'PENDING', nextAttemptAt: { $gt: now } });

export const NEXT_DUE_SORT = { nextAttemptAt: 1 } as const;

export const listFilter = (webhookId: string): Filter<DeliveryDocument> => ({ webhookId });

export const LIST_SORT = { seq: -1 } as const;

const literal = (value: unknown) => ({ $literal: value });

/**
 * One attempt, applied only while PENDING. A pipeline update, because the first attempt's time
 * is kept as it was (COALESCE in SQLite, $ifNull here; $min would differ when clocks disagree).
 * In a pipeline a string starting with '$' is a field path, so every given value is a $literal:
 * an error text like "$where" is stored as written.
 */
export function attemptWrite(o: AttemptOutcome): { filter: Filter<DeliveryDocument>; update: Document[] } {
  const set: Document = {
    attempts: { $add: ['$attempts', 1] },
    firstAttemptAt: { $ifNull: ['$firstAttemptAt', literal(o.attemptedAt)] },
    lastAttemptAt: literal(o.attemptedAt),
    status: literal(o.status),
  };
  const unset: string[] = [];
  const put = (field: string, value: unknown) => (value === undefined ? unset.push(field) : (set[field] = literal(value)));
  put('nextAttemptAt', o.status === 'PENDING' ? (o.nextAttemptAt ?? o.attemptedAt) : undefined);
  put('lastStatusCode', o.statusCode);
  put('lastError', o.error?.slice(0, LAST_ERROR_MAX_LENGTH));
  put('deliveredAt', o.status === 'DELIVERED' ? o.attemptedAt : undefined);
  return { filter: { _id: o.deliveryId, status: 'PENDING' }, update: [{ $set: set }, ...(unset.length ? [{ $unset: unset }] : [])] };
}

/**
 * Before a send: the delivery is still PENDING and no attempt was recorded since it was read (by
 * this process or another), so two processes never both send the same attempt. The stamp makes
 * the claim a write, which a fenced transaction needs to conflict with a lease takeover.
 */
export function claimWrite(d: Pick<Delivery, 'deliveryId' | 'attempts'>): { filter: Filter<DeliveryDocument>; update: UpdateFilter<DeliveryDocument> } {
  return {
    filter: { _id: d.deliveryId, status: 'PENDING', attempts: d.attempts },
    update: { $currentDate: { claimedAt: true } } as UpdateFilter<DeliveryDocument>,
  };
}

/** Ends a webhook's PENDING deliveries: attempts and the last answer stay as they were. */
export function cancelWrite(webhookId: string, reason: string): { filter: Filter<DeliveryDocument>; update: UpdateFilter<DeliveryDocument> } {
  return {
    filter: { webhookId, status: 'PENDING' },
    update: { $set: { status: 'FAILED', lastError: reason.slice(0, LAST_ERROR_MAX_LENGTH) }, $unset: { nextAttemptAt: '' } },
  };
}
