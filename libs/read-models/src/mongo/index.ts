// The MongoDB adapter and the projector's lease, imported as #libs/read-models/mongo so that the
// embedded default never loads the driver.
export { MongoReadStore, type MongoReadStoreOptions } from './mongo-read-store.js';
export { MongoLease, type MongoLeaseOptions, type Fence, FencedOutError, fencedWrites, LEASES, LeaseKeeper, type LeaseKeeperOptions } from './lease.js';
