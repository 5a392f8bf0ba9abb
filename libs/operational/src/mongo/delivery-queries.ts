// The delivery store's reads on MongoDB: the indexes, and the filter and sort of each query, as pure
// functions the spec checks with mingo against the SQLite statements' results.
import type { Filter, IndexDescription } from 'mongodb';
import type { DueQuery } from '../deliveries.js';
import type { DeliveryDocument } from './delivery-documents.js';

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
