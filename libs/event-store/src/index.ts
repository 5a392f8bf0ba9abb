export * from './port.js';
export * from './upcast.js';
export * from './command-handler.js';
export * from './state-cache.js';
export { SqliteEventStore, type SqliteEventStoreOptions, type CommitListener } from './sqlite/sqlite-event-store.js';
