import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { principals, startApi, type TestApi } from '../support/app.js';

describe('smoke', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('publishes and grants', async () => {
    const published = await api.as(principals.partner).post('/v1/services', {
      name: 'Ads',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    });
    expect(published.status).toBe(201);
    const grant = await api.as(principals.seller).post('/v1/authorizations', {
      linkCode: published.body.linkCode,
      grants: [{ serviceId: published.body.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    expect(grant.status).toBe(201);
    const id = grant.body.authorizations[0].authorizationId;
    const got = await api.as(principals.partner).get(`/v1/authorizations/${id}`);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    const bad = await api.as(principals.partner).raw('POST', '/v1/services', '{bad');
    expect(bad.status).toBe(400);
    const unknown = await api.as(principals.partner).get('/v1/nowhere');
    expect(unknown.status).toBe(404);
    console.log(JSON.stringify([published.body, grant.body, got.body, bad.body, unknown.body, unknown.headers['content-type']], null, 1));
  });
});
