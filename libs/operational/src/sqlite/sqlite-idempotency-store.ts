// Idempotency records in the operational SQLite database (synchronous=FULL, like the log): an
// answer acknowledged to a client is on disk before the client reads it, so it survives a crash.
// Writes are group-committed like the log's appends: the claims and answers that arrive in one
// turn of the event loop share one transaction and one fsync (better-sqlite3 blocks the loop for
// each fsync, so one per request would cap the whole server). Within a batch they run in order,
// so two claims of one key never both win; BEGIN IMMEDIATE keeps that true against another
// process on the same file.
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { IdempotencyClaim, IdempotencyRecord, IdempotencyStore, IdempotentAnswer } from '../idempotency.js';

interface Row {
  fingerprint: string;
  state: 'IN_PROGRESS' | 'DONE';
  locked_until: number | null;
  status: number | null;
  headers: string | null;
  body: string | null;
  expires_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
  owner TEXT NOT NULL,
  locked_until INTEGER,
  status INTEGER,
  headers TEXT,
  body TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);
`;

type Op =
  | { kind: 'claim'; claim: IdempotencyClaim }
  | { kind: 'complete'; scope: string; key: string; owner: string; answer: IdempotentAnswer; expiresAt: Date }
  | { kind: 'release'; scope: string; key: string; owner: string };

interface Job {
  op: Op;
  resolve: (value: IdempotencyRecord | undefined) => void;
  reject: (error: unknown) => void;
}

export interface SqliteIdempotencyStoreOptions {
  /** Expired records are purged lazily, at most this many per purge and one purge per interval. */
  purgeBatch?: number;
  purgeIntervalMs?: number;
}

export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly sql: {
    select: Statement<[string, string], Row>;
    upsert: Statement<[string, string, string, string, number, number, number]>;
    complete: Statement<[number, number, string, string, string, string, string]>;
    release: Statement<[string, string, string]>;
    purge: Statement<[number, number]>;
  };
  private queue: Job[] = [];
  private scheduled = false;
  private readonly purgeBatch: number;
  private readonly purgeIntervalMs: number;
  private lastPurge = 0;

  constructor(
    private readonly db: Database.Database,
    options: SqliteIdempotencyStoreOptions = {},
  ) {
    db.exec(SCHEMA);
    this.purgeBatch = options.purgeBatch ?? 1_000;
    this.purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    this.sql = {
      select: db.prepare('SELECT fingerprint, state, locked_until, status, headers, body, expires_at FROM idempotency_keys WHERE scope = ? AND key = ?'),
      upsert: db.prepare(
        `INSERT INTO idempotency_keys (scope, key, fingerprint, state, owner, locked_until, created_at, expires_at)
         VALUES (?, ?, ?, 'IN_PROGRESS', ?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'IN_PROGRESS', owner = excluded.owner,
           locked_until = excluded.locked_until, status = NULL, headers = NULL, body = NULL,
           created_at = excluded.created_at, expires_at = excluded.expires_at`,
      ),
      complete: db.prepare(
        `UPDATE idempotency_keys SET state = 'DONE', locked_until = NULL, expires_at = ?, status = ?, headers = ?, body = ?
         WHERE scope = ? AND key = ? AND owner = ? AND state = 'IN_PROGRESS'`,
      ),
      release: db.prepare("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND owner = ? AND state = 'IN_PROGRESS'"),
      purge: db.prepare('DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?)'),
    };
  }

  async get(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    return this.live(this.sql.select.get(scope, key), now.getTime());
  }

  claim(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined> {
    return this.push({ kind: 'claim', claim });
  }

  async complete(scope: string, key: string, owner: string, answer: IdempotentAnswer, expiresAt: Date): Promise<void> {
    await this.push({ kind: 'complete', scope, key, owner, answer, expiresAt });
  }

  async release(scope: string, key: string, owner: string): Promise<void> {
    await this.push({ kind: 'release', scope, key, owner });
  }

  private push(op: Op): Promise<IdempotencyRecord | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** One transaction for every operation queued in this turn, in order. */
  private flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const outcomes: Array<{ ok: IdempotencyRecord | undefined } | { error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const { op } of jobs) {
        try {
          outcomes.push({ ok: this.run(op) });
        } catch (error) {
          outcomes.push({ error });
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const job of jobs) job.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => ('ok' in outcome ? jobs[i]!.resolve(outcome.ok) : jobs[i]!.reject(outcome.error)));
  }

  private run(op: Op): IdempotencyRecord | undefined {
    if (op.kind === 'complete') {
      const { scope, key, owner, answer, expiresAt } = op;
      this.sql.complete.run(expiresAt.getTime(), answer.status, JSON.stringify(answer.headers), answer.body, scope, key, owner);
      return undefined;
    }
    if (op.kind === 'release') {
      this.sql.release.run(op.scope, op.key, op.owner);
      return undefined;
    }
    const { claim } = op;
    const now = claim.now.getTime();
    this.purgeExpired(now);
    const live = this.live(this.sql.select.get(claim.scope, claim.key), now);
    if (live) return live;
    this.sql.upsert.run(claim.scope, claim.key, claim.fingerprint, claim.owner, claim.lockedUntil.getTime(), now, claim.expiresAt.getTime());
    return undefined;
  }

  private live(row: Row | undefined, now: number): IdempotencyRecord | undefined {
    if (!row || row.expires_at <= now) return undefined;
    if (row.state === 'IN_PROGRESS') {
      if ((row.locked_until ?? 0) <= now) return undefined;
      return { state: 'IN_PROGRESS', fingerprint: row.fingerprint, lockedUntil: new Date(row.locked_until!) };
    }
    const answer: IdempotentAnswer = { status: row.status!, headers: JSON.parse(row.headers ?? '{}') as Record<string, string>, body: row.body ?? '' };
    return { state: 'DONE', fingerprint: row.fingerprint, answer };
  }

  /** Lazily, in small batches: a key is kept at least until its expiresAt, and gone some time after. */
  private purgeExpired(now: number): void {
    if (now - this.lastPurge < this.purgeIntervalMs && now >= this.lastPurge) return;
    this.lastPurge = now;
    this.sql.purge.run(now, this.purgeBatch);
  }
}
