// GET /v1/changes on the production stores: an API with RUN_PROJECTOR=false reads EventStoreDB's
// catch-up subscription (shared by its streams), over a real listening server. Ids are unique to
// this run (the servers are shared), so each stream is compared with this run's events only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Principal, SystemClock, testConfig, tokenSigner } from '#libs/platform';
import { createApp } from '../../apps/api/src/app.js';
import type { Stores } from '../../libs/shell/src/infrastructure/stores.js';
import { listen, openChanges } from '../changes/support/sse-client.js';

const urls = { eventStoreUrl: process.env.EVENTSTORE_URL, mongodbUrl: process.env.MONGODB_URL };
const describeWithServers = urls.eventStoreUrl && urls.mongodbUrl ? describe : describe.skip;
const SECRET = 'integration-secret-that-is-long-enough-0123456789';
const run = randomUUID().slice(0, 8);

describeWithServers('the change stream on EventStoreDB (RUN_PROJECTOR=false)', () => {
  const sign = tokenSigner(SECRET, new SystemClock());
  const partner: Principal = { role: 'partner', sub: `partner-${run}` };
  const other: Principal = { role: 'partner', sub: `partner-other-${run}` };
  let app: NestFastifyApplication;
  let stores: Stores;
  let base: string;

  beforeAll(async () => {
    const mongodbUrl = new URL(urls.mongodbUrl!);
    mongodbUrl.pathname = `/tsp_it_changes_${run}`;
    const config = testConfig({
      eventStoreUrl: urls.eventStoreUrl!,
      mongodbUrl: mongodbUrl.toString(),
      jwtSecret: SECRET,
      runProjector: false,
      changesKeepAliveMs: 200,
    });
    const { openProductionStores } = await import('../../libs/shell/src/infrastructure/production-stores.js');
    stores = await openProductionStores(config, (reason) => {
      throw new Error(reason);
    });
    app = await createApp({ config, clock: new SystemClock(), ...stores, jwtSecret: SECRET });
    base = await listen(app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(urls.mongodbUrl!);
    await client.db(`tsp_it_changes_${run}`).dropDatabase();
    await client.close();
    await stores?.close();
  });

  const publish = async (who: Principal, name: string) => {
    const res = await fetch(`${base}/v1/services`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sign(who)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, visibility: 'PUBLIC', markets: ['EU'], requestedScopes: { dataCompass: true } }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { serviceId: string; position: string };
  };

  it("streams a partner's own events live, never another partner's, and resumes after Last-Event-ID", async () => {
    const mine = await openChanges(base, sign(partner));
    const theirs = await openChanges(base, sign(other));
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    const a = await publish(partner, 'A');
    await publish(other, 'Not yours');
    const b = await publish(partner, 'B');
    await mine.until((s) => s.events.length >= 2);
    expect(mine.events.map((e) => [e.id, e.event, e.data.ids.serviceId])).toEqual([
      [a.position, 'ServicePublished', a.serviceId],
      [b.position, 'ServicePublished', b.serviceId],
    ]);
    await theirs.until((s) => s.events.length >= 1);
    expect(theirs.events.every((e) => e.data.ids.partnerId === other.sub)).toBe(true);
    mine.close();
    theirs.close();

    const c = await publish(partner, 'C');
    const resumed = await openChanges(base, sign(partner), { lastEventId: a.position });
    await resumed.until((s) => s.events.length >= 2);
    expect(resumed.events.map((e) => e.id)).toEqual([b.position, c.position]);
    await resumed.until((s) => s.comments.includes('keep-alive'));
    resumed.close();
  });
});
