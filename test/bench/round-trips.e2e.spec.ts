// The production path's cost in round trips (issue 19, target 7): the API on EventStoreDB and
// MongoDB as production wires it (EventStoreDbEventStore on a gRPC client, MongoReadStore and the
// operational Mongo stores on a MongoClient, no stream-state cache), with in-memory servers behind
// counting clients (support/counting-*.ts): one call there is one request to the server. The
// projector is a separate process in production: it gets clients of its own on the same data, so
// that its calls are counted apart from the API's. docs/BENCHMARKS.md has the table; these
// assertions keep it true: a change that adds a round trip to one of these paths fails here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { upcastEvent } from '#libs/domain';
import { EventStoreDbEventStore } from '#libs/event-store/esdb';
import { MongoCheckpointStore, MongoDeliveryStore, MongoIdempotencyStore } from '#libs/operational/mongo';
import { ManualClock, type Principal, testConfig, tokenSigner } from '#libs/platform';
import { PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner } from '#libs/read-models';
import { MongoReadStore } from '#libs/read-models/mongo';
import { createApp } from '../../apps/api/src/app.js';
import { OPEN_GATE } from '../../libs/shell/src/infrastructure/background-gate.js';
import { type CountingEsdb, FakeEsdb } from './support/counting-esdb.js';
import { type CountingMongo, FakeMongo } from './support/counting-mongo.js';

const SECRET = 'round-trips-secret-that-is-long-enough-for-hs256-0123456789';
const NOW = '2026-03-01T10:00:00.000Z';

interface Side {
  esdb: CountingEsdb;
  mongo: CountingMongo;
}

const counts = (side: Side) => ({
  esdb: Object.fromEntries(Object.entries(side.esdb.calls).filter(([, n]) => n > 0)),
  mongo: side.mongo.counts(),
});
const reset = (...sides: Side[]) => sides.forEach((s) => (s.esdb.reset(), s.mongo.reset()));
/** The kind of each stream read (its prefix), in order. */
const kinds = (side: Side) => side.esdb.streamsRead.map((name) => name.split('-')[0]);

describe('round trips to EventStoreDB and MongoDB on the production path', () => {
  const esdb = new FakeEsdb();
  const mongo = new FakeMongo();
  const api: Side = { esdb: esdb.view(), mongo: mongo.view() };
  const projector: Side = { esdb: esdb.view(), mongo: mongo.view() };
  const clock = new ManualClock(NOW);
  const sign = tokenSigner(SECRET, clock);
  let app: NestFastifyApplication;
  let runner: ProjectionRunner;
  let service: { serviceId: string; linkCode: string };
  const partner: Principal = { role: 'partner', sub: 'partner-rt' };
  const seller = (n: number): Principal => ({ role: 'seller', sub: `seller-rt-${n}`, market: 'US_L2L' });

  const call = async (principal: Principal, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${sign(principal)}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };
  const projected = async () => {
    const head = esdb.all[esdb.all.length - 1]!.position.commit;
    expect(await runner.waitFor(head, 5_000)).toBe(true);
  };
  const grant = (n: number) =>
    call(seller(n), 'POST', '/v1/authorizations', {
      linkCode: service.linkCode,
      grants: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true }, validityDays: 180 }],
    });

  beforeAll(async () => {
    const db = api.mongo.client.db();
    const eventStore = new EventStoreDbEventStore({ client: api.esdb.client, upcast: upcastEvent });
    const readStore = new MongoReadStore({ client: api.mongo.client, database: 'rm' });
    // An API instance that serves only (production scales those out); the projector runs apart.
    app = await createApp({
      config: testConfig({ runProjector: false }),
      clock,
      eventStore,
      readStore,
      checkpoints: new MongoCheckpointStore(db),
      idempotency: new MongoIdempotencyStore(db),
      deliveries: new MongoDeliveryStore(db),
      gate: OPEN_GATE,
      jwtSecret: SECRET,
    });
    const projectorStore = new MongoReadStore({ client: projector.mongo.client, database: 'rm' });
    runner = new ProjectionRunner(
      new EventStoreDbEventStore({ client: projector.esdb.client, upcast: upcastEvent }),
      projectorStore,
      PROJECTIONS,
      PROJECTION_COLLECTIONS,
    );
    await runner.start();
    const published = await call(partner, 'POST', '/v1/services', {
      name: 'Round trips',
      description: 'A service whose calls are counted',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP'], shopOperationTicket: true, dataCompass: true },
      validityDays: 365,
    });
    expect(published.status).toBe(201);
    service = published.body;
    await projected();
    // Warm: the first grant and check create what later ones find (indexes, the service's documents).
    expect((await grant(0)).status).toBe(201);
    await projected();
  });
  afterAll(async () => {
    await runner?.stop();
    await app?.close();
  });

  it('a grant of a new seller: 4 stream reads and 1 append on EventStoreDB, nothing on MongoDB', async () => {
    reset(api, projector);
    expect((await grant(1)).status).toBe(201);
    expect(counts(api)).toEqual({ esdb: { readStream: 4, appendToStream: 1 }, mongo: {} });
    // The service (its facts), the partner's and the seller's streams (bans), the binding granted.
    expect(kinds(api)).toEqual(['service', 'partner', 'seller', 'binding']);
  });

  it("one projected event (the grant's AuthorizationGranted): the 2 projections it concerns read and write their documents, all 6 commit their checkpoint in a transaction each", async () => {
    reset(api, projector);
    const before = esdb.all.length;
    expect((await grant(2)).status).toBe(201);
    const events = esdb.all.slice(before);
    reset(projector);
    await projected();
    expect(events.map((e) => e.type)).toEqual(['AuthorizationGranted']);
    // The events come pushed by the subscription (opened once, at start): no read per event.
    expect(counts(projector).esdb).toEqual({});
    // The 2 projections it concerns (authorizations, their deadlines) read and write their
    // documents; every projection, concerned or not, commits its checkpoint in a transaction.
    expect(counts(projector).mongo).toEqual({ find: 2, bulkWrite: 2, updateOne: PROJECTIONS.length, commitTransaction: PROJECTIONS.length });
    expect(PROJECTIONS).toHaveLength(6);
  });

  it('an access check: 4 stream reads on EventStoreDB, nothing on MongoDB', async () => {
    reset(api);
    const answer = await call(partner, 'GET', `/v1/access-checks?partnerId=${partner.sub}&sellerId=${seller(1).sub}&permission=DATA_COMPASS`);
    expect(answer).toMatchObject({ status: 200, body: { allowed: true } });
    expect(counts(api)).toEqual({ esdb: { readStream: 4 }, mongo: {} });
    expect(kinds(api)).toEqual(['binding', 'partner', 'seller', 'service']);
  });

  it("a page of the partner's Seller management: 1 find and 4 counts (one per status) on MongoDB, nothing on EventStoreDB", async () => {
    reset(api);
    const answer = await call(partner, 'GET', '/v1/partner/sellers?status=ACTIVE');
    expect(answer.status).toBe(200);
    expect(answer.body.items.length).toBeGreaterThan(0);
    expect(counts(api)).toEqual({ esdb: {}, mongo: { find: 1, countDocuments: 4 } });
  });
});
