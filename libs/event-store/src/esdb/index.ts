// The EventStoreDB adapter, imported as #libs/event-store/esdb so that the embedded default never
// loads the gRPC client.
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions, type EsdbClient } from './eventstoredb-event-store.js';
