// The delivery store's updates on MongoDB, each a filter and an update as pure functions (the spec
// applies them with mingo): an attempt, the claim before a send, a webhook's cancellation.
import type { Document, Filter, UpdateFilter } from 'mongodb';
import { type AttemptOutcome, type Delivery, LAST_ERROR_MAX_LENGTH } from '../deliveries.js';
import type { DeliveryDocument } from './delivery-documents.js';

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
