// GET /v1/audit/events?fromPosition= on EventStoreDB: a position inside a record, which the server
// refuses (INVALID_ARGUMENT), is the caller's 400, naming fromPosition, not a 500.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { AuditController } from '../../apps/api/src/audit/audit.controller.js';
import { toProblem } from '../../apps/api/src/http/problem.filter.js';
import { EsdbStandIn } from '../support/esdb-standin/server.js';
import { events } from '../support/events.js';

describe('audit events from a position on EventStoreDB (gRPC stand-in)', () => {
  let standIn: EsdbStandIn;
  let store: EventStoreDbEventStore;
  beforeAll(async () => {
    standIn = await new EsdbStandIn().start();
    store = new EventStoreDbEventStore({ connectionString: standIn.connectionString });
    await store.append('binding-p-s', events(3), 'no_stream');
  });
  afterAll(async () => {
    await store.close();
    await standIn.stop();
  });

  it('answers 400 naming fromPosition for a position that is no event, and pages from a real one', async () => {
    const audit = new AuditController(store);
    const [first] = standIn.log.records;
    const refused = await audit.events({ fromPosition: String(first!.position + 3n) }).catch((error: unknown) => error);
    const { problem } = toProblem(refused);
    expect(problem).toMatchObject({ status: 400, errors: [{ field: 'fromPosition', message: expect.stringContaining('not a position of the log') }] });
    const page = await audit.events({ fromPosition: String(first!.position) });
    expect(page.events).toHaveLength(2);
  });
});
