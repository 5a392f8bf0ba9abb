// The embedded default: one SQLite file under DATA_DIR for the log and the operational data,
// read models in memory, loaded at start from their last snapshot in that same file and caught up
// from the log (rebuilt from the whole log when there is no usable snapshot). Every event read
// from the log is upcast to its type's current shape (libs/domain schema-versions); the read
// models can be swapped for freshly rebuilt ones while the API serves
// (read-side/switchable-read-store.ts).
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { upcastEvent } from '#libs/domain';
import { SqliteEventStore, StreamStateCache, type StreamStates, UncachedStreamStates } from '#libs/event-store';
import {
  type CheckpointStore,
  type DeliveryStore,
  type IdempotencyStore,
  openOperationalDatabase,
  SqliteCheckpointStore,
  SqliteDeliveryStore,
  SqliteIdempotencyStore,
} from '#libs/operational';
import { MemoryReadStore, type ReadModelSnapshotStore, type SnapshottedReadStore, SqliteSnapshotStore } from '#libs/read-models';
import { SwitchableMemoryReadStore } from '../read-side/switchable-read-store.js';

/** The read models with the place their snapshots go (the projector finds it there: projector.service.ts). */
class SnapshottedMemoryReadStore extends SwitchableMemoryReadStore implements SnapshottedReadStore {
  constructor(readonly snapshotStorage: ReadModelSnapshotStore) {
    super();
  }
}

export interface EmbeddedStores {
  eventStore: SqliteEventStore;
  /** The states commands and access checks fold, kept exact from this process's commits (state-cache.ts). */
  streamStates: StreamStates;
  readStore: MemoryReadStore;
  checkpoints: CheckpointStore;
  idempotency: IdempotencyStore;
  deliveries: DeliveryStore;
  operationalDb: Database.Database;
  close(): Promise<void>;
}

export const EVENT_LOG_FILE = 'events.db';

export interface EmbeddedOptions {
  /** How many streams' states are cached (0: none); 100,000 unless told. */
  stateCacheStreams?: number;
  /** Deep-freeze cached states, so that code mutating a shared state fails loudly (tests). */
  freezeCachedStates?: boolean;
}

/** `dataDir` undefined: a throwaway in-memory database (tests that need no durability). */
export function openEmbeddedStores(dataDir: string | undefined, options: EmbeddedOptions = {}): EmbeddedStores {
  let file = ':memory:';
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, EVENT_LOG_FILE);
  }
  const eventStore = new SqliteEventStore({ file, upcast: upcastEvent });
  // Exact because every append to this log is made by this process's SqliteEventStore, which tells
  // the cache of each commit before the append resolves; anything else appending to the file moves
  // the head, and the cache empties itself on its next read.
  const maxStreams = options.stateCacheStreams ?? 100_000;
  const cache = maxStreams > 0 ? new StreamStateCache(eventStore, { maxStreams, freeze: options.freezeCachedStates ?? false }) : undefined;
  const operationalDb = file === ':memory:' ? openOperationalDatabase(':memory:') : openOperationalDatabase(file);
  // A throwaway in-memory database outlives no restart: no snapshots there.
  const readStore = file === ':memory:' ? new SwitchableMemoryReadStore() : new SnapshottedMemoryReadStore(new SqliteSnapshotStore(operationalDb));
  const stores: EmbeddedStores = {
    eventStore,
    streamStates: cache ?? new UncachedStreamStates(eventStore),
    readStore,
    checkpoints: new SqliteCheckpointStore(operationalDb),
    idempotency: new SqliteIdempotencyStore(operationalDb),
    deliveries: new SqliteDeliveryStore(operationalDb),
    operationalDb,
    async close() {
      await eventStore.close();
      cache?.close();
      operationalDb.close();
    },
  };
  return stores;
}
