// The stored form of webhook deliveries in MongoDB, as pure functions (the spec checks them with
// mingo); their queries are in delivery-queries.ts, their updates in delivery-writes.ts. They say
// what the SQLite statements in ../sqlite/sqlite-delivery-store.ts say; field for field, a NULL
// column there is an absent field here (never null), so a read gives back the same Delivery.
//
// "In the order they were added" is a sequence number, `seq`, reserved from a counter document
// ($inc by the batch's size) before the batch is inserted. Not (createdAt, _id): createdAt is
// the caller's time (a reminder and an event may carry times out of insertion order) and
// delivery ids are random, so neither orders a batch as it was given; SQLite's rowid does, and
// so does a counter. Not an ObjectId either: across processes it orders only to the second.
// The counter keeps ascending even where a reservation is left unused (ignored duplicates, a
// crash between reservation and insert): gaps are harmless, only the order counts.
import type { Filter, UpdateFilter } from 'mongodb';
import type { Delivery, NewDelivery } from '../deliveries.js';

// A type, not an interface: it then fits mingo's document type in the specs.
export type DeliveryDocument = Omit<Delivery, 'deliveryId'> & {
  /** The delivery id. */
  _id: string;
  seq: number;
  /** When the last send was claimed (fenced stores); not part of a Delivery. */
  claimedAt?: Date;
};

export interface CounterDocument {
  _id: string;
  value: number;
}

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
