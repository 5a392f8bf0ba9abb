// The event store contract on the EventStoreDB adapter against the gRPC stand-in: the adapter's
// client side (requests, answers, errors, subscriptions) as the real server's messages drive it.
// The server's own behaviour is the integration suite's (npm run test:integration).
import { afterAll } from '@jest/globals';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { EsdbStandIn } from '../support/esdb-standin/server.js';
import { eventStoreContract } from './event-store.contract.js';

const standIns: EsdbStandIn[] = [];
afterAll(async () => {
  await Promise.all(standIns.map((s) => s.stop()));
});

eventStoreContract(
  'EventStoreDB adapter, gRPC stand-in',
  async () => {
    const standIn = await new EsdbStandIn().start();
    standIns.push(standIn);
    return new EventStoreDbEventStore({ connectionString: standIn.connectionString });
  },
  { gapFreePositions: false },
);
