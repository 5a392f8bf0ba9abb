// The MongoDB adapters of the operational stores, apart from ../index.ts so that the embedded
// default (SQLite) never loads the mongodb driver: import this entry only when MongoDB is chosen.
export { MongoCheckpointStore, type MongoCheckpointStoreOptions } from './mongo-checkpoint-store.js';
export { MongoDeliveryStore, type MongoDeliveryStoreOptions } from './mongo-delivery-store.js';
export { MongoIdempotencyStore, type MongoIdempotencyStoreOptions } from './mongo-idempotency-store.js';
