import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { CheckpointStore } from '../checkpoints.js';

export class SqliteCheckpointStore implements CheckpointStore {
  private readonly select: Statement<[string], { value: string }>;
  private readonly upsert: Statement<[string, string]>;

  constructor(db: Database.Database) {
    db.exec('CREATE TABLE IF NOT EXISTS process_checkpoints (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    this.select = db.prepare('SELECT value FROM process_checkpoints WHERE name = ?');
    this.upsert = db.prepare('INSERT INTO process_checkpoints (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
  }

  async get(name: string): Promise<string | undefined> {
    return this.select.get(name)?.value;
  }

  async set(name: string, value: string): Promise<void> {
    this.upsert.run(name, value);
  }
}
