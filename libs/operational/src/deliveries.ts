// Webhook deliveries: operational data kept beside the read models, never appended as events.
// One row per notification and webhook, written before the dispatcher's checkpoint moves past
// its event, so a crash repeats a notification (same id) but never loses one.
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface NewDelivery {
  /** The notification id (`msg_...`): unique, the same on every attempt. */
  deliveryId: string;
  webhookId: string;
  partnerId: string;
  /** The log event's id, or the reminder's id for AUTHORIZATION_EXPIRING. */
  eventId: string;
  eventType: string;
  /** Deliveries with the same key go one at a time, oldest first (a webhook and an authorization or proposal). */
  orderingKey: string;
  /** The exact JSON body that is signed and sent on every attempt. */
  payload: string;
  createdAt: string;
}

export interface Delivery extends NewDelivery {
  status: DeliveryStatus;
  attempts: number;
  /** Set while PENDING: when the next attempt is due. */
  nextAttemptAt?: string;
  firstAttemptAt?: string;
  lastAttemptAt?: string;
  lastStatusCode?: number;
  lastError?: string;
  deliveredAt?: string;
}

export interface AttemptOutcome {
  deliveryId: string;
  attemptedAt: string;
  /** PENDING: another attempt at nextAttemptAt. */
  status: DeliveryStatus;
  nextAttemptAt?: string;
  statusCode?: number;
  error?: string;
}

export interface DueQuery {
  now: string;
  limit: number;
  /** Webhooks whose every slot is taken. */
  excludeWebhooks: readonly string[];
  /** Ordering keys with a delivery in flight. */
  excludeKeys: readonly string[];
}

export const LAST_ERROR_MAX_LENGTH = 500;

export interface DeliveryStore {
  /** Inserts the deliveries whose id is new and ignores the others; returns how many were new. */
  add(deliveries: readonly NewDelivery[]): Promise<number>;
  /** PENDING deliveries with nextAttemptAt <= now, oldest first (in the order they were added). */
  due(query: DueQuery): Promise<Delivery[]>;
  /** The earliest nextAttemptAt of a PENDING delivery later than `now`. */
  nextDueAfter(now: string): Promise<string | undefined>;
  /**
   * Where several processes may send (MongoDB under the projector lease): claims the next attempt
   * of a delivery as it was read; false when it is no longer PENDING, another attempt was recorded
   * since, or this process no longer holds the lease. Absent: a single sender, nothing to claim.
   */
  claim?(delivery: Delivery): Promise<boolean>;
  /** Records an attempt of a PENDING delivery (a delivery no longer PENDING is left as it is). */
  recordAttempt(outcome: AttemptOutcome): Promise<void>;
  /** Ends every PENDING delivery of a webhook as FAILED with `reason` (it was unsubscribed). */
  cancelPending(webhookId: string, reason: string): Promise<number>;
  /** A webhook's deliveries, newest first. */
  list(webhookId: string, limit: number): Promise<Delivery[]>;
}
