// The stores a process runs on, chosen by configuration: the embedded default (SQLite file +
// in-memory read models) when neither EVENTSTORE_URL nor MONGODB_URL is set, EventStoreDB and
// MongoDB when both are (one alone is refused by the configuration check).
import type { EventStore, StreamStates } from '#libs/event-store';
import type { CheckpointStore, DeliveryStore, IdempotencyStore } from '#libs/operational';
import type { Config } from '#libs/platform';
import type { ReadStore } from '#libs/read-models';
import type { BackgroundGate } from './background-gate.js';
import { openEmbeddedStores } from './embedded-stores.js';

export interface Stores {
  eventStore: EventStore;
  /** The embedded default's cache of folded stream states; absent: read from the store (EventStoreDB). */
  streamStates?: StreamStates;
  readStore: ReadStore;
  checkpoints: CheckpointStore;
  idempotency: IdempotencyStore;
  deliveries: DeliveryStore;
  gate?: BackgroundGate;
  close(): Promise<void>;
}

export async function openStores(config: Config, onLeaseLost: (reason: string) => void): Promise<Stores> {
  if (!config.eventStoreUrl) return openEmbeddedStores(config.dataDir, { stateCacheStreams: config.stateCacheStreams });
  // Loaded only here, so the embedded default never loads the gRPC client or the MongoDB driver.
  const { openProductionStores } = await import('./production-stores.js');
  return openProductionStores(config, onLeaseLost);
}
