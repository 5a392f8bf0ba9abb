// Where the embedded default keeps read-model snapshots: two tables of its SQLite file (the log's),
// a header row per snapshot and its documents in chunks of a few MB. Each chunk is its own short
// transaction, so writing a snapshot never holds the write lock (or the event loop) for long and
// no transaction spans an await on a connection other stores share; a snapshot counts only once
// its header says it is complete, so one cut short (a crash, a shutdown deadline) is never read.
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

export interface SnapshotHeader {
  id: number;
  /** The projection code that wrote it (version.ts). */
  version: string;
  /** The highest checkpoint: the log position the snapshot reflects. */
  position: bigint;
  /** The id of the log's event at `position`: a snapshot of another log is not loaded. */
  lastEventId: string | null;
  checkpoints: Record<string, bigint>;
  chunks: number;
  documents: number;
  createdAt: string;
}

export interface SnapshotChunk {
  collection: string;
  documents: number;
  data: string;
}

/** The storage a ReadModelSnapshots writes to and loads from. */
export interface ReadModelSnapshotStore {
  begin(header: Omit<SnapshotHeader, 'id' | 'chunks' | 'documents'>): number;
  writeChunk(id: number, seq: number, chunk: SnapshotChunk): void;
  complete(id: number, chunks: number, documents: number): void;
  /** The newest complete snapshot, whatever its version. */
  newest(): SnapshotHeader | undefined;
  chunk(id: number, seq: number): SnapshotChunk | undefined;
  /** The ids of snapshots other than `keep` (older ones, or ones cut short). */
  others(keep: number | undefined): number[];
  /** Deletes up to `chunks` chunks of a snapshot, then its header once none is left; false when it is gone. */
  deleteSome(id: number, chunks: number): boolean;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS read_model_snapshots (
  id            INTEGER PRIMARY KEY,
  version       TEXT NOT NULL,
  position      INTEGER NOT NULL,
  last_event_id TEXT,
  checkpoints   TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  chunks        INTEGER,
  documents     INTEGER,
  complete      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS read_model_snapshot_chunks (
  snapshot_id INTEGER NOT NULL,
  seq         INTEGER NOT NULL,
  collection  TEXT NOT NULL,
  documents   INTEGER NOT NULL,
  data        TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, seq)
) WITHOUT ROWID;
`;

interface HeaderRow {
  id: number;
  version: string;
  position: number;
  last_event_id: string | null;
  checkpoints: string;
  created_at: string;
  chunks: number;
  documents: number;
}

export class SqliteSnapshotStore implements ReadModelSnapshotStore {
  private readonly sql: {
    begin: Statement<[string, number, string | null, string, string]>;
    chunk: Statement<[number, number, string, number, string]>;
    complete: Statement<[number, number, number]>;
    newest: Statement<[], HeaderRow>;
    read: Statement<[number, number], SnapshotChunk>;
    others: Statement<[number], { id: number }>;
    deleteChunks: Statement<[number, number, number]>;
    deleteHeader: Statement<[number]>;
  };

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.sql = {
      begin: db.prepare('INSERT INTO read_model_snapshots (version, position, last_event_id, checkpoints, created_at) VALUES (?, ?, ?, ?, ?)'),
      chunk: db.prepare('INSERT OR REPLACE INTO read_model_snapshot_chunks (snapshot_id, seq, collection, documents, data) VALUES (?, ?, ?, ?, ?)'),
      complete: db.prepare('UPDATE read_model_snapshots SET chunks = ?, documents = ?, complete = 1 WHERE id = ?'),
      newest: db.prepare(
        'SELECT id, version, position, last_event_id, checkpoints, created_at, chunks, documents FROM read_model_snapshots WHERE complete = 1 ORDER BY id DESC LIMIT 1',
      ),
      read: db.prepare('SELECT collection, documents, data FROM read_model_snapshot_chunks WHERE snapshot_id = ? AND seq = ?'),
      others: db.prepare('SELECT id FROM read_model_snapshots WHERE id <> ? ORDER BY id'),
      deleteChunks: db.prepare(
        'DELETE FROM read_model_snapshot_chunks WHERE snapshot_id = ? AND seq IN (SELECT seq FROM read_model_snapshot_chunks WHERE snapshot_id = ? ORDER BY seq LIMIT ?)',
      ),
      deleteHeader: db.prepare('DELETE FROM read_model_snapshots WHERE id = ?'),
    };
  }

  begin(header: Omit<SnapshotHeader, 'id' | 'chunks' | 'documents'>): number {
    const checkpoints = JSON.stringify(Object.fromEntries(Object.entries(header.checkpoints).map(([name, at]) => [name, String(at)])));
    return Number(this.sql.begin.run(header.version, Number(header.position), header.lastEventId, checkpoints, header.createdAt).lastInsertRowid);
  }

  writeChunk(id: number, seq: number, chunk: SnapshotChunk): void {
    this.sql.chunk.run(id, seq, chunk.collection, chunk.documents, chunk.data);
  }

  complete(id: number, chunks: number, documents: number): void {
    this.sql.complete.run(chunks, documents, id);
  }

  newest(): SnapshotHeader | undefined {
    const row = this.sql.newest.get();
    if (!row) return undefined;
    let checkpoints: Record<string, bigint>;
    try {
      checkpoints = Object.fromEntries(Object.entries(JSON.parse(row.checkpoints) as Record<string, string>).map(([name, at]) => [name, BigInt(at)]));
    } catch {
      checkpoints = {};
    }
    return {
      id: row.id,
      version: row.version,
      position: BigInt(row.position),
      lastEventId: row.last_event_id,
      checkpoints,
      chunks: row.chunks,
      documents: row.documents,
      createdAt: row.created_at,
    };
  }

  chunk(id: number, seq: number): SnapshotChunk | undefined {
    return this.sql.read.get(id, seq);
  }

  others(keep: number | undefined): number[] {
    return this.sql.others.all(keep ?? -1).map((r) => r.id);
  }

  deleteSome(id: number, chunks: number): boolean {
    if (this.sql.deleteChunks.run(id, id, chunks).changes > 0) return true;
    this.sql.deleteHeader.run(id);
    return false;
  }
}
