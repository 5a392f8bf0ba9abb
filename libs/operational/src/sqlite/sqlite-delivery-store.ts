// Deliveries in the embedded SQLite file (the operational connection, synchronous=FULL): a
// notification acknowledged here survives a crash. The rowid keeps the order they were added.
import type Database from 'better-sqlite3';
import {
  type AttemptOutcome,
  type Delivery,
  type DeliveryStatus,
  type DeliveryStore,
  type DueQuery,
  LAST_ERROR_MAX_LENGTH,
  type NewDelivery,
} from '../deliveries.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL UNIQUE,
  webhook_id TEXT NOT NULL,
  partner_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  ordering_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  first_attempt_at TEXT,
  last_attempt_at TEXT,
  last_status_code INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, seq);
`;

interface Row {
  delivery_id: string;
  webhook_id: string;
  partner_id: string;
  event_id: string;
  event_type: string;
  ordering_key: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

function fromRow(r: Row): Delivery {
  const d: Delivery = {
    deliveryId: r.delivery_id,
    webhookId: r.webhook_id,
    partnerId: r.partner_id,
    eventId: r.event_id,
    eventType: r.event_type,
    orderingKey: r.ordering_key,
    payload: r.payload,
    createdAt: r.created_at,
    status: r.status,
    attempts: r.attempts,
  };
  if (r.next_attempt_at !== null) d.nextAttemptAt = r.next_attempt_at;
  if (r.first_attempt_at !== null) d.firstAttemptAt = r.first_attempt_at;
  if (r.last_attempt_at !== null) d.lastAttemptAt = r.last_attempt_at;
  if (r.last_status_code !== null) d.lastStatusCode = r.last_status_code;
  if (r.last_error !== null) d.lastError = r.last_error;
  if (r.delivered_at !== null) d.deliveredAt = r.delivered_at;
  return d;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export class SqliteDeliveryStore implements DeliveryStore {
  private readonly insert: Database.Statement;
  private readonly update: Database.Statement;
  private readonly cancel: Database.Statement<[string, string]>;
  private readonly byWebhook: Database.Statement<[string, number], Row>;
  private readonly nextDue: Database.Statement<[string], { at: string | null }>;
  private readonly insertAll: (rows: readonly NewDelivery[]) => number;
  /** Due queries by the length of their exclusion lists (bounded by the concurrency limits). */
  private readonly dueQueries = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.insert = db.prepare(`INSERT INTO webhook_deliveries
      (delivery_id, webhook_id, partner_id, event_id, event_type, ordering_key, payload, status, attempts, next_attempt_at, created_at)
      VALUES (@deliveryId, @webhookId, @partnerId, @eventId, @eventType, @orderingKey, @payload, 'PENDING', 0, @createdAt, @createdAt)
      ON CONFLICT (delivery_id) DO NOTHING`);
    this.update = db.prepare(`UPDATE webhook_deliveries SET
      attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @attemptedAt), last_attempt_at = @attemptedAt,
      status = @status, next_attempt_at = @nextAttemptAt, last_status_code = @statusCode, last_error = @error,
      delivered_at = CASE WHEN @status = 'DELIVERED' THEN @attemptedAt ELSE NULL END
      WHERE delivery_id = @deliveryId AND status = 'PENDING'`);
    this.cancel = db.prepare(`UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL, last_error = ?
      WHERE webhook_id = ? AND status = 'PENDING'`);
    this.byWebhook = db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?');
    this.nextDue = db.prepare(`SELECT MIN(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at > ?`);
    this.insertAll = db.transaction((rows: readonly NewDelivery[]) => rows.reduce((n, row) => n + this.insert.run(row).changes, 0));
  }

  async add(deliveries: readonly NewDelivery[]): Promise<number> {
    return deliveries.length ? this.insertAll(deliveries) : 0;
  }

  async due(query: DueQuery): Promise<Delivery[]> {
    const { excludeWebhooks: hooks, excludeKeys: keys } = query;
    return (this.dueQuery(hooks.length, keys.length).all(query.now, ...hooks, ...keys, query.limit) as Row[]).map(fromRow);
  }

  private dueQuery(hooks: number, keys: number): Database.Statement {
    const key = `${hooks}/${keys}`;
    let statement = this.dueQueries.get(key);
    if (!statement) {
      statement = this.db.prepare(`SELECT * FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ?
        ${hooks ? `AND webhook_id NOT IN (${placeholders(hooks)})` : ''}
        ${keys ? `AND ordering_key NOT IN (${placeholders(keys)})` : ''}
        ORDER BY seq LIMIT ?`);
      this.dueQueries.set(key, statement);
    }
    return statement;
  }

  async nextDueAfter(now: string): Promise<string | undefined> {
    return this.nextDue.get(now)?.at ?? undefined;
  }

  async recordAttempt(o: AttemptOutcome): Promise<void> {
    this.update.run({
      deliveryId: o.deliveryId,
      attemptedAt: o.attemptedAt,
      status: o.status,
      nextAttemptAt: o.status === 'PENDING' ? (o.nextAttemptAt ?? o.attemptedAt) : null,
      statusCode: o.statusCode ?? null,
      error: o.error === undefined ? null : o.error.slice(0, LAST_ERROR_MAX_LENGTH),
    });
  }

  async cancelPending(webhookId: string, reason: string): Promise<number> {
    return this.cancel.run(reason.slice(0, LAST_ERROR_MAX_LENGTH), webhookId).changes;
  }

  async list(webhookId: string, limit: number): Promise<Delivery[]> {
    return this.byWebhook.all(webhookId, limit).map(fromRow);
  }
}
