export * from './checkpoints.js';
export * from './sqlite/database.js';
export * from './sqlite/sqlite-checkpoint-store.js';
export * from './idempotency.js';
export * from './sqlite/sqlite-idempotency-store.js';
export * from './deliveries.js';
export * from './sqlite/sqlite-delivery-store.js';
