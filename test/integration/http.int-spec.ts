// The HTTP end to end against real servers: the API on EventStoreDB and MongoDB (projections,
// processes and deliveries in process under the projector lease), walking the partner guide with
// ids unique to this run (the servers are shared), in a MongoDB database of its own.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Principal, SystemClock, testConfig, tokenSigner } from '#libs/platform';
import { createApp } from '../../apps/api/src/app.js';
import type { Stores } from '../../libs/shell/src/infrastructure/stores.js';

const urls = { eventStoreUrl: process.env.EVENTSTORE_URL, mongodbUrl: process.env.MONGODB_URL };
const describeWithServers = urls.eventStoreUrl && urls.mongodbUrl ? describe : describe.skip;
const SECRET = 'integration-secret-that-is-long-enough-0123456789';
const run = randomUUID().slice(0, 8);

describeWithServers('HTTP end to end on EventStoreDB and MongoDB', () => {
  const clock = new SystemClock();
  const sign = tokenSigner(SECRET, clock);
  const partner: Principal = { role: 'partner', sub: `partner-${run}` };
  const seller: Principal = { role: 'seller', sub: `shop-${run}`, market: 'US_L2L' };
  let app: NestFastifyApplication;
  let stores: Stores;

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, who: Principal, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${sign(who)}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers };
  };

  beforeAll(async () => {
    const mongodbUrl = new URL(urls.mongodbUrl!);
    mongodbUrl.pathname = `/tsp_it_${run}`;
    const config = testConfig({
      eventStoreUrl: urls.eventStoreUrl!,
      mongodbUrl: mongodbUrl.toString(),
      jwtSecret: SECRET,
      runProjector: true,
      webhookAllowHttp: true,
    });
    const { openProductionStores } = await import('../../libs/shell/src/infrastructure/production-stores.js');
    stores = await openProductionStores(config, (reason) => {
      throw new Error(reason);
    });
    app = await createApp({ config, clock, ...stores, jwtSecret: SECRET });
    for (let i = 0; i < 600; i++) {
      if ((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    const { MongoClient } = await import('mongodb');
    const client = new MongoClient(urls.mongodbUrl!);
    await client.db(`tsp_it_${run}`).dropDatabase();
    await client.close();
    await stores?.close();
  });

  it('publish, open the link, grant two at once, edit, renew, cancel, check access, read both pages and the history', async () => {
    const body = (name: string) => ({ name, visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } });
    const ads = await call('POST', '/v1/services', partner, body('Ads'));
    const care = await call('POST', '/v1/services', partner, body('Care'));
    expect([ads.status, care.status]).toEqual([201, 201]);

    const link = await call('GET', `/v1/authorization-links/${ads.body.linkCode}`, seller, undefined, { 'x-min-position': care.body.position });
    expect(link.status).toBe(200);
    expect(link.body.services.map((s: { serviceId: string }) => s.serviceId).sort()).toEqual([ads.body.serviceId, care.body.serviceId].sort());

    const scopes = { authorizedObject: 'SHOP', dataCompass: true };
    const grant = await call('POST', '/v1/authorizations', seller, {
      linkCode: ads.body.linkCode,
      grants: [
        { serviceId: ads.body.serviceId, scopes },
        { serviceId: care.body.serviceId, scopes },
      ],
    });
    expect(grant.status).toBe(201);
    const [first, second] = grant.body.authorizations.map((a: { authorizationId: string }) => a.authorizationId);
    expect(
      (await call('POST', '/v1/authorizations', seller, { linkCode: ads.body.linkCode, grants: [{ serviceId: ads.body.serviceId, scopes }] })).status,
    ).toBe(409);

    const edited = await call('PATCH', `/v1/authorizations/${first}`, seller, { autoRenew: true }, { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect((await call('PATCH', `/v1/authorizations/${first}`, seller, { autoRenew: false }, { 'if-match': '"1"' })).status).toBe(412);
    expect((await call('POST', `/v1/authorizations/${first}/renew`, seller)).status).toBe(200);
    const cancelled = await call('POST', `/v1/authorizations/${second}/cancel`, seller, {});
    expect(cancelled.body.authorization.status).toBe('CANCELLED');

    const access = await call('GET', `/v1/access-checks?partnerId=${partner.sub}&sellerId=${seller.sub}&permission=DATA_COMPASS`, partner);
    expect(access.body).toMatchObject({ allowed: true, reason: 'ALLOWED', authorizationIds: [first] });

    const page = await call('GET', '/v1/partner/sellers', partner, undefined, { 'x-min-position': cancelled.body.position });
    expect(page.body.countsByStatus).toEqual({ ACTIVE: 1, EXPIRED: 0, CANCELLED: 1, DEACTIVATED: 0 });
    const mine = await call('GET', '/v1/seller/services?status=ACTIVE', seller, undefined, { 'x-min-position': cancelled.body.position });
    expect(mine.body.items.map((a: { authorizationId: string }) => a.authorizationId)).toEqual([first]);

    const history = await call('GET', `/v1/audit/authorizations/${first}/history`, partner);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['AuthorizationGranted', 'AuthorizationAutoRenewChanged', 'AuthorizationRenewed']);
  });

  it("a deactivated service's authorizations are deactivated by the cascade", async () => {
    const svc = await call('POST', '/v1/services', partner, {
      name: 'Retired',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP'] },
    });
    const grant = await call('POST', '/v1/authorizations', seller, {
      linkCode: svc.body.linkCode,
      grants: [{ serviceId: svc.body.serviceId, scopes: { authorizedObject: 'SHOP' } }],
    });
    expect((await call('POST', `/v1/services/${svc.body.serviceId}/deactivate`, partner, {})).status).toBe(200);
    const id = grant.body.authorizations[0].authorizationId;
    let status = '';
    for (let i = 0; i < 100 && status !== 'DEACTIVATED'; i++) {
      status = (await call('GET', `/v1/authorizations/${id}`, seller)).body.status;
      if (status !== 'DEACTIVATED') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('DEACTIVATED');
  });
});
