// The HTTP given/when/then helper itself, on two scenarios of the partner guide: a grant and a
// duplicate grant refused without changing anything; and a chain awaited without then fails.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { principals, startApi, type TestApi } from '../support/app.js';
import { given, step } from '../support/scenario.js';

const { partner, seller } = principals;
const ADS = { name: 'Ads Booster', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } };
const publish = step('published', partner, 'POST', '/v1/services', ADS);
const grant = (a: Record<string, { body: { linkCode: string; serviceId: string } }>) => ({
  linkCode: a.published!.body.linkCode,
  grants: [{ serviceId: a.published!.body.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
});

describe('given / when / then over HTTP', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(() => api.close());

  it('the seller authorizes a published service: 201 ACTIVE, one AuthorizationGranted', async () => {
    await given(api, publish)
      .when(seller, 'POST', '/v1/authorizations', grant)
      .then({ status: 201, body: { authorizations: [expect.objectContaining({ status: 'ACTIVE' })] }, appended: ['AuthorizationGranted'] });
  });

  it('granting it again is 409 and appends nothing', async () => {
    await given(api, publish, step('granted', seller, 'POST', '/v1/authorizations', grant))
      .when(seller, 'POST', '/v1/authorizations', grant)
      .then({ status: 409, appended: [] });
  });

  it('a then that does not hold fails', async () => {
    await expect(given(api, publish).when(seller, 'POST', '/v1/authorizations', grant).then({ status: 409 })).rejects.toThrow(/expected HTTP 409, got 201/);
  });

  it('awaiting a when() without then() fails', async () => {
    await expect((async () => await (given(api).when(partner, 'GET', '/v1/whoami') as unknown as Promise<unknown>))()).rejects.toThrow(/without then/);
  });
});
