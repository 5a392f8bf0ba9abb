// The embedded default keeps operational data in the event log's SQLite file, on its own
// connection: durable like the log, and gone with nothing else to run.
import Database from 'better-sqlite3';

export function openOperationalDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
