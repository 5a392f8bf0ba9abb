export * from './port.js';
export * from './upcast.js';
export * from './command-handler.js';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
