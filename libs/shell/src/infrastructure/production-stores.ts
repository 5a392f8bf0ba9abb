// Production: the log in EventStoreDB, read models and operational data in MongoDB (a replica
// set: projection commits are transactions). Where this process runs the background work, it
// first takes the `projector` lease in MongoDB; every write made under it (projection commits,
// process checkpoints, delivery claims and outcomes) checks the lease's fencing token in its
// transaction, so a process that lost the lease (paused, partitioned) can write nothing more,
// and it exits to be restarted. The processes' commands are idempotent and re-checked on their
// streams, so even an overlap appends nothing twice.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { type Db, MongoClient } from 'mongodb';
import { upcastEvent } from '#libs/domain';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { MongoCheckpointStore, MongoDeliveryStore, MongoIdempotencyStore } from '#libs/operational/mongo';
import { type Config, mongodbDatabase } from '#libs/platform';
import { fencedWrites, type LeaseKeeper, MongoLease, MongoReadStore } from '#libs/read-models/mongo';
import { type BackgroundGate, OPEN_GATE } from './background-gate.js';
import { LEASE_TTL_MS, PROJECTOR_LEASE, projectorLeaseGate } from './projector-lease.js';
import type { Stores } from './stores.js';

export async function openProductionStores(config: Config, onLeaseLost: (reason: string) => void): Promise<Stores> {
  const mongo = new MongoClient(config.mongodbUrl!);
  await mongo.connect();
  // The configuration check refuses a URL without a database: the driver would silently use `test`.
  const db: Db = mongo.db(mongodbDatabase(config.mongodbUrl!));
  const eventStore = new EventStoreDbEventStore({ connectionString: config.eventStoreUrl!, upcast: upcastEvent });
  let gate: BackgroundGate = OPEN_GATE;
  let keeper: LeaseKeeper | undefined;
  if (config.runProjector) {
    const lease = new MongoLease(db, { owner: `${hostname()}:${process.pid}:${randomUUID()}`, ttlMs: LEASE_TTL_MS });
    ({ gate, keeper } = projectorLeaseGate(lease, new Logger('Lease'), onLeaseLost));
  }
  // Every write made under the lease carries its fence: projection commits, process checkpoints,
  // delivery claims and outcomes (a former holder that wakes up can move nothing, send nothing).
  const fence = keeper ? () => keeper.fenceFor(PROJECTOR_LEASE) : undefined;
  const fenced = fence && fencedWrites(mongo, db, fence);
  const readStore = new MongoReadStore({ client: mongo, database: db.databaseName, ...(fence && { fence }) });
  const checkpoints = new MongoCheckpointStore(db, { ...(fenced && { fenced }) });
  const deliveries = new MongoDeliveryStore(db, { ...(fenced && { fenced }) });
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
