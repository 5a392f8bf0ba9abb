// The embedded default: one SQLite file under DATA_DIR for the log and the operational data,
// read models in memory rebuilt from the log at start.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { SqliteEventStore } from '#libs/event-store';
import { type CheckpointStore, openOperationalDatabase, SqliteCheckpointStore } from '#libs/operational';
import { MemoryReadStore } from '#libs/read-models';

export interface EmbeddedStores {
  eventStore: SqliteEventStore;
  readStore: MemoryReadStore;
  checkpoints: CheckpointStore;
  operationalDb: Database.Database;
  close(): Promise<void>;
}

export const EVENT_LOG_FILE = 'events.db';

/** `dataDir` undefined: a throwaway in-memory database (tests that need no durability). */
export function openEmbeddedStores(dataDir: string | undefined): EmbeddedStores {
  let file = ':memory:';
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, EVENT_LOG_FILE);
  }
  const eventStore = new SqliteEventStore({ file });
  const operationalDb = file === ':memory:' ? openOperationalDatabase(':memory:') : openOperationalDatabase(file);
  const stores: EmbeddedStores = {
    eventStore,
    readStore: new MemoryReadStore(),
    checkpoints: new SqliteCheckpointStore(operationalDb),
    operationalDb,
    async close() {
      await eventStore.close();
      operationalDb.close();
    },
  };
  return stores;
}
