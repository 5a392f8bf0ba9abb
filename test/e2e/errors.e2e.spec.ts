// Every error status of the contract, on real routes: application/problem+json with type, title,
// status and detail (errors[] naming the field for 400 and 422), and not one event appended.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { type Answer, principals, startApi, TEST_SECRET, type TestApi } from '../support/app.js';
import { expectStatus, handMadeJwt, refused as refusedBy, T0 } from './helpers.js';

const { partner, otherPartner, seller, otherSeller, euSeller, cbSeller, admin, auditor } = principals;
const SERVICE = {
  name: 'Ads Booster',
  visibility: 'PUBLIC',
  markets: ['US_L2L', 'US_CB', 'EU'],
  validityDays: 90,
  requestedScopes: { authorizedObjects: ['SHOP'], shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true },
};
const L2L_SCOPES = { authorizedObject: 'SHOP', dataCompass: true };

describe('errors of the contract', () => {
  let api: TestApi;
  let ads: { serviceId: string; linkCode: string };
  let reports: { serviceId: string; linkCode: string };
  let active = '';
  let cancelled = '';
  let l2lProposal = '';

  const as = (p: Principal | string | null, headers?: Record<string, string>) => api.as(p, headers);
  const refused = (request: () => Promise<Answer>, status: number, field?: string) => refusedBy(api, request, status, field, { strict: true });
  const grant = (who: Principal, scopes: object, extra: object = {}, service = ads) =>
    as(who).post('/v1/authorizations', { linkCode: service.linkCode, grants: [{ serviceId: service.serviceId, scopes, ...extra }] });
  const publish = async (body: object) => {
    const published = await as(partner).post('/v1/services', body);
    expectStatus(published, 201);
    return published.body;
  };

  beforeAll(async () => {
    api = await startApi({ now: T0 });
    ads = await publish(SERVICE);
    reports = await publish({ ...SERVICE, name: 'Reports' });
    const granted = await as(seller).post('/v1/authorizations', {
      linkCode: ads.linkCode,
      grants: [
        { serviceId: ads.serviceId, scopes: L2L_SCOPES },
        { serviceId: reports.serviceId, scopes: L2L_SCOPES },
      ],
    });
    expectStatus(granted, 201);
    [active, cancelled] = granted.body.authorizations.map((a: { authorizationId: string }) => a.authorizationId);
    expectStatus(await as(seller).post(`/v1/authorizations/${cancelled}/cancel`), 200);
    const proposed = await as(partner).post('/v1/proposals', {
      sellerId: 'shop-cb',
      sellerMarket: 'US_L2L',
      services: [{ serviceId: ads.serviceId, scopes: L2L_SCOPES }],
    });
    expectStatus(proposed, 201);
    l2lProposal = proposed.body.proposalId;
  });
  afterAll(() => api.close());

  describe('400: the request itself is wrong', () => {
    it('malformed JSON', () => refused(() => as(partner).raw('POST', '/v1/services', '{"name": "Ads",'), 400));
    it('a JSON array as the body', () => refused(() => as(partner).raw('POST', '/v1/services', JSON.stringify([SERVICE])), 400));
    it('an unknown field, named', () => refused(() => as(partner).post('/v1/services', { ...SERVICE, colour: 'red' }), 400, 'colour'));
    it('a missing field, named', () => refused(() => as(partner).post('/v1/services', { ...SERVICE, name: undefined }), 400, 'name'));
    it('a wrong type, named', () => refused(() => as(partner).post('/v1/services', { ...SERVICE, validityDays: '90' }), 400, 'validityDays'));
    it.each([
      ['validityDays', { validityDays: 366 }],
      ['validityDays', { validityDays: 0 }],
      ['name', { name: 'x'.repeat(121) }],
      ['markets', { markets: ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER', 'MARS'] }],
    ])('a value out of range, named: %s', (field, patch) => refused(() => as(partner).post('/v1/services', { ...SERVICE, ...patch }), 400, field));
    it.each<[string, Principal, string, () => object, string]>([
      ['a CUSTOM service without sellerIds', partner, '/v1/services', () => ({ ...SERVICE, visibility: 'CUSTOM' }), 'sellerIds'],
      ['a service in no market', partner, '/v1/services', () => ({ ...SERVICE, markets: [] }), 'markets'],
      [
        'a grant of 51 services',
        seller,
        '/v1/authorizations',
        () => ({ linkCode: ads.linkCode, grants: Array.from({ length: 51 }, () => ({ serviceId: ads.serviceId, scopes: L2L_SCOPES })) }),
        'grants',
      ],
      ['a cancellation request without a reason', partner, '/v1/authorizations/{active}/cancellation-requests', () => ({ note: 'why not' }), 'reason'],
      [
        'a cancellation reason over 500 characters',
        partner,
        '/v1/authorizations/{active}/cancellation-requests',
        () => ({ reason: 'x'.repeat(501) }),
        'reason',
      ],
      ['a bulk renewal request of no ids', partner, '/v1/partner/renewal-requests', () => ({ authorizationIds: [] }), 'authorizationIds'],
      [
        'a proposal of 11 services',
        partner,
        '/v1/proposals',
        () => ({ sellerId: 'shop-2', sellerMarket: 'US_L2L', services: Array.from({ length: 11 }, () => ({ serviceId: ads.serviceId, scopes: L2L_SCOPES })) }),
        'services',
      ],
      [
        'a proposal expiring in 91 days',
        partner,
        '/v1/proposals',
        () => ({ sellerId: 'shop-2', sellerMarket: 'US_L2L', expiresInDays: 91, services: [{ serviceId: ads.serviceId, scopes: L2L_SCOPES }] }),
        'expiresInDays',
      ],
      ['a ban without a reason', admin, '/v1/admin/sellers/shop-2/ban', () => ({}), 'reason'],
    ])('%s', (_what, who, url, body, field) => refused(() => as(who).post(url.replace('{active}', active), body()), 400, field));
    it('a nested field by its path', () =>
      refused(() => grant(seller, { authorizedObject: 'SHOP', sellerCenterRoles: ['SHOP_OWNER'] }, {}, reports), 400, 'grants[0].scopes.sellerCenterRoles'));
    it('a grant of nothing: an empty list', () => refused(() => as(seller).post('/v1/authorizations', { linkCode: ads.linkCode, grants: [] }), 400, 'grants'));
    it('an edit naming neither scopes nor autoRenew (at least one)', () => refused(() => as(seller).patch(`/v1/authorizations/${active}`, {}), 400, 'scopes'));
    it('a bulk renewal request with both selections', () =>
      refused(() => as(partner).post('/v1/partner/renewal-requests', { authorizationIds: [active], expiringWithinDays: 5 }), 400));
    it.each([
      ['/v1/partner/sellers?pageSize=101', 'pageSize'],
      ['/v1/partner/sellers?sort=name', 'sort'],
      ['/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=EVERYTHING', 'permission'],
      ['/v1/access-checks?partnerId=partner-1&permission=DATA_COMPASS', 'sellerId'],
    ])('a bad query parameter, named: %s', (url, field) => refused(() => as(partner).get(url), 400, field));
    it('a malformed If-Match or X-Min-Position, named', async () => {
      await refused(() => as(seller, { 'If-Match': 'yesterday' }).post(`/v1/authorizations/${active}/renew`), 400, 'If-Match');
      await refused(() => as(partner, { 'X-Min-Position': 'soon' }).get('/v1/partner/sellers'), 400, 'X-Min-Position');
    });
  });

  describe('401: no valid token', () => {
    const claims = (exp: number) => ({ sub: 'partner-1', role: 'partner', iat: Math.floor(Date.parse(T0) / 1000) - 60, exp });
    const inAnHour = Math.floor(Date.parse(T0) / 1000) + 3600;

    it('a hand-made token signed with the right secret is accepted (the control)', async () => {
      expectStatus(await as(handMadeJwt(claims(inAnHour), { secret: TEST_SECRET })).get('/v1/partner/services'), 200);
    });
    it('no token', async () => {
      await refused(() => as(null).get('/v1/partner/services'), 401);
      await refused(() => as(null).post('/v1/services', SERVICE), 401);
    });
    it('a bad signature', () =>
      refused(() => as(handMadeJwt(claims(inAnHour), { secret: 'another-secret-that-is-long-enough-for-hs256!!' })).post('/v1/services', SERVICE), 401));
    it('an expired token', () => refused(() => as(handMadeJwt(claims(inAnHour - 7200), { secret: TEST_SECRET })).post('/v1/services', SERVICE), 401));
    it('an unsigned token (alg: none)', () => refused(() => as(handMadeJwt(claims(inAnHour), { alg: 'none' })).post('/v1/services', SERVICE), 401));
    it('not a token at all', () => refused(() => as('not-a-jwt').get('/v1/partner/services'), 401));
  });

  describe('403: the role or the principal may not', () => {
    it('a partner cancelling an authorization (only the seller cancels)', () => refused(() => as(partner).post(`/v1/authorizations/${active}/cancel`), 403));
    it('a seller publishing a service', () => refused(() => as(seller).post('/v1/services', SERVICE), 403));
    it('a partner approving its own cancellation request', () =>
      refused(() => as(partner).post(`/v1/authorizations/${active}/cancellation-requests/approve`), 403));
    it('a partner banning a seller', () => refused(() => as(partner).post('/v1/admin/sellers/shop-1/ban', { reason: 'no' }), 403));
    it.each<[string, Principal, string]>([
      ['a partner asking about another partner', otherPartner, 'partnerId=partner-1&sellerId=shop-1'],
      ['a seller asking about another seller', otherSeller, 'partnerId=partner-1&sellerId=shop-1'],
      ['an auditor', auditor, 'partnerId=partner-1&sellerId=shop-1'],
    ])('access check by the wrong principal: %s', (_what, who, query) => refused(() => as(who).get(`/v1/access-checks?${query}&permission=DATA_COMPASS`), 403));
    it('the right principals may ask (the control)', async () => {
      for (const who of [partner, seller, admin]) {
        const check = await as(who).get('/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=DATA_COMPASS');
        expectStatus(check, 200);
        expect(check.body).toMatchObject({ allowed: true, reason: 'ALLOWED', authorizationIds: [active] });
      }
    });
  });

  describe('404: unknown, or not the caller’s to see', () => {
    const neverGranted = `au_${Buffer.from('partner-1~shop-1~svc_never').toString('base64url')}`;
    it('an unknown service', async () => {
      await refused(() => as(partner).get('/v1/services/svc_unknown'), 404);
      await refused(() => as(partner).post('/v1/services/svc_unknown/deactivate'), 404);
      await refused(() => grant(seller, L2L_SCOPES, {}, { ...ads, serviceId: 'svc_unknown' }), 404);
    });
    it('an unknown authorization', async () => {
      await refused(() => as(seller).get('/v1/authorizations/au_unknown'), 404);
      await refused(() => as(seller).post(`/v1/authorizations/${neverGranted}/renew`), 404);
    });
    it('an unknown proposal', async () => {
      await refused(() => as(seller).post('/v1/proposals/pr_unknown/sign'), 404);
      await refused(() => as(partner).post('/v1/proposals/pr_unknown/withdraw'), 404);
    });
    it('an unknown link code', async () => {
      await refused(() => as(seller).get('/v1/authorization-links/lk_unknown'), 404);
      await refused(() => as(seller).post('/v1/authorizations', { linkCode: 'lk_unknown', grants: [{ serviceId: ads.serviceId, scopes: L2L_SCOPES }] }), 404);
    });
    it('an unknown route', async () => {
      await refused(() => as(partner).get('/v1/nowhere'), 404);
      await refused(() => as(partner).post('/v1/authorizations/x/y/z'), 404);
    });
    it('another partner’s authorization, and another seller’s', async () => {
      await refused(() => as(otherPartner).get(`/v1/authorizations/${active}`), 404);
      await refused(() => as(otherPartner).post(`/v1/authorizations/${active}/renewal-requests`), 404);
      await refused(() => as(otherPartner).post('/v1/partner/renewal-requests', { authorizationIds: [active] }), 404);
      await refused(() => as(otherSeller).post(`/v1/authorizations/${active}/cancel`), 404);
    });
  });

  describe('409: the state does not allow it', () => {
    it('renewing a cancelled authorization', () => refused(() => as(seller).post(`/v1/authorizations/${cancelled}/renew`), 409));
    it('granting an already active one', () => refused(() => grant(seller, L2L_SCOPES), 409));
    it('cancelling a cancelled one, removing an active one', async () => {
      await refused(() => as(seller).post(`/v1/authorizations/${cancelled}/cancel`), 409);
      await refused(() => as(seller).delete(`/v1/authorizations/${active}`), 409);
    });
    it('approving when no cancellation request is pending', () =>
      refused(() => as(seller).post(`/v1/authorizations/${active}/cancellation-requests/approve`), 409));
  });

  describe('412: If-Match names an old revision', () => {
    it('a stale revision is refused; the current one is accepted', async () => {
      const stale = (await as(seller).get(`/v1/authorizations/${active}`)).headers.etag as string;
      expectStatus(await as(seller, { 'If-Match': stale }).patch(`/v1/authorizations/${active}`, { autoRenew: true }), 200);
      await refused(() => as(seller, { 'If-Match': stale }).patch(`/v1/authorizations/${active}`, { autoRenew: false }), 412);
      await refused(() => as(seller, { 'If-Match': stale }).post(`/v1/authorizations/${active}/cancel`), 412);
      const current = (await as(seller).get(`/v1/authorizations/${active}`)).headers.etag as string;
      expect(current).not.toBe(stale);
      expectStatus(await as(seller, { 'If-Match': current }).patch(`/v1/authorizations/${active}`, { autoRenew: false }), 200);
    });
  });

  describe('413: a body over the limit (1 MiB)', () => {
    it('is refused before it is read as a service', () =>
      refused(() => as(partner).post('/v1/services', { ...SERVICE, description: 'x'.repeat(1024 * 1024 + 16) }), 413));
  });

  describe('422: a business rule forbids the content', () => {
    it.each<[string, Principal, object, string]>([
      [
        'US CB: no permission roles (data compass only)',
        cbSeller,
        { sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true },
        'grants[0].scopes.sellerCenterRoles',
      ],
      ['EU: no authorized object', euSeller, { authorizedObject: 'SHOP', dataCompass: true }, 'grants[0].scopes.authorizedObject'],
      ['US L2L: the authorized object is required', otherSeller, { dataCompass: true }, 'grants[0].scopes.authorizedObject'],
      [
        'a role the service does not request',
        otherSeller,
        { authorizedObject: 'SHOP', sellerCenterRoles: ['FINANCE_SPECIALIST'] },
        'grants[0].scopes.sellerCenterRoles',
      ],
    ])('a scope the market or the service does not offer: %s', (_what, who, scopes, field) => refused(() => grant(who, scopes), 422, field));
    it('a validity longer than the service’s', () => refused(() => grant(otherSeller, L2L_SCOPES, { validityDays: 91 }), 422, 'grants[0].validityDays'));
    it('an edit to a scope the service does not request', () =>
      refused(
        () => as(seller).patch(`/v1/authorizations/${active}`, { scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['FINANCE_SPECIALIST'] } }),
        422,
        'scopes.sellerCenterRoles',
      ));
    it('a proposal outside US L2L and US CB', () =>
      refused(
        () =>
          as(partner).post('/v1/proposals', {
            sellerId: 'shop-eu',
            sellerMarket: 'EU',
            services: [{ serviceId: ads.serviceId, scopes: { dataCompass: true } }],
          }),
        422,
        'sellerMarket',
      ));
    it('a US CB seller signing a proposal made for US L2L', () => refused(() => as(cbSeller).post(`/v1/proposals/${l2lProposal}/sign`), 422));
  });

  describe('503: X-Min-Position not reached in time', () => {
    let slow: TestApi;
    beforeAll(async () => {
      slow = await startApi({ now: T0, config: { minPositionWaitMs: 50 } });
    });
    afterAll(() => slow.close());

    it.each<[string, Principal]>([
      ['/v1/partner/sellers', partner],
      ['/v1/seller/services', seller],
      ['/v1/partner/proposals', partner],
    ])('%s answers 503 with Retry-After', async (url, who) => {
      const answer = await refusedBy(slow, () => slow.as(who, { 'X-Min-Position': '999999999' }).get(url), 503, undefined, { strict: true });
      expect(String(answer.headers['retry-after'])).toMatch(/^[1-9]\d*$/);
    });
  });
});
