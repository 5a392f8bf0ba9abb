// The embedded event store: one SQLite file, WAL, synchronous=FULL (each commit is on disk before
// any of its appends resolves), group commit, and live subscriptions fed from the commit itself.
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import {
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevisionError,
} from '../port.js';
import { LiveFeed } from './live-feed.js';
import { type Upcast, identityUpcast } from '../upcast.js';
import { GroupCommitQueue } from './group-commit.js';
import { EVENT_LOG_SCHEMA, type EventRow } from './schema.js';

export interface SqliteEventStoreOptions {
  /** Path of the database file; ':memory:' for tests that need no durability. */
  file: string;
  upcast?: Upcast;
  /** How often a live subscription looks for appends made by another process on the same file. */
  pollIntervalMs?: number;
}

export type CommitListener = (events: readonly StoredEvent[]) => void;

interface AppendJob {
  streamName: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
}

interface Committed {
  result: AppendResult;
  stored: StoredEvent[];
}

export class SqliteEventStore implements EventStore {
  readonly gapFreePositions = true;
  readonly db: Database.Database;
  private readonly upcast: Upcast;
  private readonly feed: LiveFeed;
  private readonly writes: GroupCommitQueue<AppendJob, Committed>;
  private readonly sql: {
    head: Statement<[], { position: number | null }>;
    streamRevision: Statement<[string], { revision: number | null }>;
    insert: Statement<[number, string, string, number, string, string, string]>;
    readStream: Statement<[string, number], EventRow>;
    readAll: Statement<[number, number], EventRow>;
    savepoint: Statement<[]>;
    release: Statement<[]>;
    rollbackTo: Statement<[]>;
    begin: Statement<[]>;
    commit: Statement<[]>;
  };
  private readonly commitListeners = new Set<CommitListener>();
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(EVENT_LOG_SCHEMA);
    this.upcast = options.upcast ?? identityUpcast;
    this.sql = {
      head: this.db.prepare('SELECT max(position) AS position FROM events'),
      streamRevision: this.db.prepare('SELECT max(revision) AS revision FROM events WHERE stream = ?'),
      insert: this.db.prepare('INSERT INTO events (position, event_id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      readStream: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision'),
      readAll: this.db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?'),
      savepoint: this.db.prepare('SAVEPOINT append'),
      release: this.db.prepare('RELEASE append'),
      rollbackTo: this.db.prepare('ROLLBACK TO append'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
    };
    this.writes = new GroupCommitQueue(
      (jobs) => this.commitBatch(jobs),
      (committed) => this.published(committed.flatMap((c) => c.stored.map(this.upcast))),
    );
    this.feed = new LiveFeed({
      readAfter: (position, limit) => this.readAllSync({ fromPosition: position, limit }),
      pollIntervalMs: options.pollIntervalMs ?? 250,
    });
  }

  append(streamName: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    if (events.length === 0) return Promise.reject(new Error('append needs at least one event'));
    return this.writes.push({ streamName, events, expected }).then((c) => c.result);
  }

  private commitBatch(jobs: AppendJob[]): Array<{ ok: Committed } | { error: unknown }> {
    const { db, sql } = this;
    const outcomes: Array<{ ok: Committed } | { error: unknown }> = [];
    sql.begin.run();
    // A lone append needs no savepoint: if it fails, the whole transaction is rolled back (a lone
    // writer pays no statement it does not need).
    const alone = jobs.length === 1;
    try {
      // Read inside the write lock: another process may share the file.
      let head = sql.head.get()?.position ?? 0;
      for (const job of jobs) {
        const current = sql.streamRevision.get(job.streamName)?.revision ?? null;
        const actual = current === null ? 'no_stream' : current;
        if (!revisionMatches(job.expected, actual)) {
          outcomes.push({ error: new WrongExpectedRevisionError(job.streamName, job.expected, actual) });
          continue;
        }
        if (!alone) sql.savepoint.run();
        try {
          const stored: StoredEvent[] = [];
          let revision = current ?? -1;
          for (const e of job.events) {
            head += 1;
            revision += 1;
            sql.insert.run(head, e.eventId, job.streamName, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
            stored.push({ ...e, streamName: job.streamName, revision, position: BigInt(head) });
          }
          if (!alone) sql.release.run();
          outcomes.push({ ok: { stored, result: { nextExpectedRevision: revision, position: BigInt(head) } } });
        } catch (error) {
          if (alone) {
            db.exec('ROLLBACK');
            return [{ error }];
          }
          sql.rollbackTo.run();
          sql.release.run();
          head = sql.head.get()?.position ?? 0;
          outcomes.push({ error });
        }
      }
      sql.commit.run();
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    return outcomes;
  }

  /**
   * Called with the events of every commit this store makes (upcast, in log order), synchronously
   * after the COMMIT and before any of its appends resolves. Not called for appends made by
   * another connection or process on the same file. Returns the way to stop listening.
   */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => void this.commitListeners.delete(listener);
  }

  private published(events: StoredEvent[]): void {
    for (const listener of this.commitListeners) {
      try {
        listener(events);
      } catch {
        // A listener keeps itself consistent (see onCommit); the commit stands.
      }
    }
    this.feed.publish(events);
  }

  async readStream(streamName: string, options: { fromRevision?: number } = {}): Promise<StoredEvent[]> {
    return this.readStreamSync(streamName, options.fromRevision ?? 0);
  }

  /** readStream, now: no commit of this process can land between the read and its use. */
  readStreamSync(streamName: string, fromRevision = 0): StoredEvent[] {
    return this.sql.readStream.all(streamName, fromRevision).map((row) => this.toStored(row));
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    return this.readAllSync(options);
  }

  private readAllSync({ fromPosition, limit, types }: ReadAllOptions): StoredEvent[] {
    if (types && types.length === 0) return [];
    const rows = types
      ? (this.db
          .prepare(`SELECT * FROM events WHERE position > ? AND type IN (${types.map(() => '?').join(',')}) ORDER BY position LIMIT ?`)
          .all(Number(fromPosition), ...types, limit) as EventRow[])
      : this.sql.readAll.all(Number(fromPosition), limit);
    return rows.map((row) => this.toStored(row));
  }

  async headPosition(): Promise<bigint> {
    return this.headPositionSync();
  }

  headPositionSync(): bigint {
    return BigInt(this.sql.head.get()?.position ?? 0);
  }

  subscribe(options: SubscribeOptions): Subscription {
    return this.feed.subscribe(options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.writes.flush();
    this.commitListeners.clear();
    await this.feed.close();
    this.db.close();
  }

  private toStored(row: EventRow): StoredEvent {
    return this.upcast(storedFromRow(row));
  }
}

/**
 * A stored event whose metadata is parsed when first read: replays and projections read only the
 * data of most events, and JSON.parse of both is a large part of reading the log.
 */
function storedFromRow(row: EventRow): StoredEvent {
  let metadata: EventMetadata | undefined;
  const event = {
    eventId: row.event_id,
    streamName: row.stream,
    revision: row.revision,
    position: BigInt(row.position),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
  } as StoredEvent;
  Object.defineProperty(event, 'metadata', {
    enumerable: true,
    configurable: true,
    get: () => (metadata ??= JSON.parse(row.metadata) as EventMetadata),
    set: (value: EventMetadata) => (metadata = value),
  });
  return event;
}

export function revisionMatches(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  return expected === actual;
}
