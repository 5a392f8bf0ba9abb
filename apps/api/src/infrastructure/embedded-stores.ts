// The embedded default: one SQLite file under DATA_DIR for the log and the operational data,
// read models in memory rebuilt from the log at start. Every event read from the log is upcast to
// its type's current shape (libs/domain schema-versions); the read models can be swapped for
// freshly rebuilt ones while the API serves (read-side/switchable-read-store.ts).
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { upcastEvent } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import {
  type CheckpointStore,
  type DeliveryStore,
  type IdempotencyStore,
  openOperationalDatabase,
  SqliteCheckpointStore,
  SqliteDeliveryStore,
  SqliteIdempotencyStore,
} from '#libs/operational';
import type { MemoryReadStore } from '#libs/read-models';
import { SwitchableMemoryReadStore } from '../read-side/switchable-read-store.js';

export interface EmbeddedStores {
  eventStore: SqliteEventStore;
  readStore: MemoryReadStore;
  checkpoints: CheckpointStore;
  idempotency: IdempotencyStore;
  deliveries: DeliveryStore;
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
  const eventStore = new SqliteEventStore({ file, upcast: upcastEvent });
  const operationalDb = file === ':memory:' ? openOperationalDatabase(':memory:') : openOperationalDatabase(file);
  const stores: EmbeddedStores = {
    eventStore,
    readStore: new SwitchableMemoryReadStore(),
    checkpoints: new SqliteCheckpointStore(operationalDb),
    idempotency: new SqliteIdempotencyStore(operationalDb),
    deliveries: new SqliteDeliveryStore(operationalDb),
    operationalDb,
    async close() {
      await eventStore.close();
      operationalDb.close();
    },
  };
  return stores;
}
