// Production: the log in EventStoreDB, read models and operational data in MongoDB (a replica
// set: projection commits are transactions). Where this process runs the background work, it
// first takes the `projector` lease in MongoDB; every projection commit carries the lease's
// fencing token, so a process that lost the lease (paused, partitioned) can write nothing more,
// and it exits to be restarted. Processes and webhook deliveries run under the same lease; their
// commands are idempotent and re-checked on their streams, so even an overlap appends nothing twice.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MongoClient } from 'mongodb';
import { upcastEvent } from '#libs/domain';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { MongoCheckpointStore, MongoDeliveryStore, MongoIdempotencyStore } from '#libs/operational/mongo';
import type { Config } from '#libs/platform';
import { LeaseKeeper, MongoLease, MongoReadStore } from '#libs/read-models/mongo';
import { type BackgroundGate, OPEN_GATE } from './background-gate.js';
import type { Stores } from './stores.js';

export const PROJECTOR_LEASE = 'projector';
const LEASE_TTL_MS = 15_000;

export async function openProductionStores(config: Config, onLeaseLost: (reason: string) => void): Promise<Stores> {
  const mongo = new MongoClient(config.mongodbUrl!);
  await mongo.connect();
  const db = mongo.db();
  const eventStore = new EventStoreDbEventStore({ connectionString: config.eventStoreUrl!, upcast: upcastEvent });
  let gate: BackgroundGate = OPEN_GATE;
  let keeper: LeaseKeeper | undefined;
  if (config.runProjector) {
    const lease = new MongoLease(db, { owner: `${hostname()}:${process.pid}:${randomUUID()}`, ttlMs: LEASE_TTL_MS });
    const held = new LeaseKeeper(lease, [PROJECTOR_LEASE], {
      ttlMs: LEASE_TTL_MS,
      onLost: () => onLeaseLost(`lost the ${PROJECTOR_LEASE} lease to another process`),
    });
    keeper = held;
    gate = { open: () => held.start(), close: () => held.stop() };
  }
  const readStore = new MongoReadStore({
    client: mongo,
    database: db.databaseName,
    // Every projection commits under the one projector lease.
    ...(keeper && { fence: () => keeper!.fenceFor(PROJECTOR_LEASE) }),
  });
  const checkpoints = new MongoCheckpointStore(db);
  const deliveries = new MongoDeliveryStore(db);
  const idempotency = new MongoIdempotencyStore(db);
  await Promise.all([checkpoints.ensureIndexes(), deliveries.ensureIndexes(), idempotency.ensureIndexes()]);
  // No stream-state cache here (no `streamStates`: commands read the log each time): other API
  // instances and the projector append to EventStoreDB too, and this process is not told of their
  // commits, so a cached state could be stale.
  return {
    eventStore,
    readStore,
    checkpoints,
    deliveries,
    idempotency,
    gate,
    async close() {
      await gate.close();
      await eventStore.close();
      await mongo.close();
    },
  };
}
