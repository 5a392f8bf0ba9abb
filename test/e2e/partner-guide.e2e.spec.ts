// The partner guide, from publishing a service to a ban, as independent scenarios: each starts
// from an empty log at T0, builds the state it needs with the guide's own earlier steps (given),
// then takes its step (when) and checks what the partner and the seller see (then). Every
// command's position (body and X-Event-Position) grows within a scenario.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { principals, startApi, type TestApi } from '../support/app.js';
import { given, step } from '../support/scenario.js';
import { expectProblem, expectStatus, nowOf, offerOf, plusDays, plusHours, Positions, refused, scopesOf, T0 } from './helpers.js';

const { partner, seller, otherSeller, cbSeller, euSeller, admin } = principals;
const ALL_OBJECTS = ['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP', 'TIKTOK_ACCOUNT'];
const ADS = {
  name: 'Ads Booster',
  description: 'We run your ads',
  visibility: 'PUBLIC',
  markets: ['US_L2L', 'US_CB', 'EU'],
  validityDays: 180,
  requestedScopes: { authorizedObjects: ALL_OBJECTS, shopOperationTicket: true, sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'], dataCompass: true },
};
const REPORTS = {
  name: 'Custom Reports',
  description: 'Made for shop-1',
  visibility: 'CUSTOM',
  markets: ['US_L2L'],
  sellerIds: ['shop-1'],
  validityDays: 90,
  requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
};
const FULFILMENT = {
  name: 'Fulfilment',
  visibility: 'PUBLIC',
  markets: ['US_L2L'],
  requestedScopes: { authorizedObjects: ['SHOP'], shopOperationTicket: true },
};
const LIVE = { name: 'Livestream', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } };

interface Published {
  serviceId: string;
  linkCode: string;
  authorizationLink: string;
}
type Services = Record<'ads' | 'reports' | 'fulfilment', Published>;
interface Granted {
  ads: string;
  reports: string;
}

describe('the partner guide, from publishing a service to a ban', () => {
  let api: TestApi;
  let positions: Positions;

  beforeEach(async () => {
    api = await startApi({ now: T0 });
    positions = new Positions();
  });
  afterEach(() => api.close());

  const as = (p: Principal | null, headers?: Record<string, string>) => api.as(p, headers);
  const view = async (id: string, who: Principal = seller) => {
    const got = await as(who).get(`/v1/authorizations/${id}`);
    expectStatus(got, 200);
    expect(got.headers.etag).toBe(`"${got.body.revision}"`);
    return got;
  };
  const access = async (permission: string, sellerId = 'shop-1') => {
    const got = await as(partner).get(`/v1/access-checks?partnerId=partner-1&sellerId=${sellerId}&permission=${permission}`);
    expectStatus(got, 200);
    return got.body;
  };
  const linkPage = async (who: Principal, linkCode: string) => {
    const got = await as(who).get(`/v1/authorization-links/${linkCode}`);
    expectStatus(got, 200);
    expect(got.body.partnerId).toBe('partner-1');
    return got.body.services as { serviceId: string; name: string; description: string; validityDays: number; offerableScopes: never }[];
  };
  const sellerPage = async (who: Principal = seller) => {
    const got = await as(who).get('/v1/seller/services', { 'X-Min-Position': String(positions.last) });
    expectStatus(got, 200);
    return got.body;
  };
  const proposalOf = async (who: Principal, path: string, id: string) => {
    const got = await as(who).get(path);
    expectStatus(got, 200);
    return got.body.items.find((p: { proposalId: string }) => p.proposalId === id);
  };

  // Given: the guide's earlier steps, as each scenario needs them.

  /** Step 1: the partner publishes the ads, reports (custom, for shop-1) and fulfilment services. */
  const givenPublished = async (): Promise<Services> => {
    const svc = {} as Services;
    for (const [key, body] of [
      ['ads', ADS],
      ['reports', REPORTS],
      ['fulfilment', FULFILMENT],
    ] as const) {
      const published = await as(partner).post('/v1/services', body);
      positions.expect(published, 201);
      svc[key] = published.body;
    }
    return svc;
  };
  /** Step 3: shop-1 authorizes ads (30 days) and reports (the service's 90) at once. */
  const givenGranted = async (svc: Services): Promise<Granted> => {
    const grant = await as(seller).post('/v1/authorizations', grantBody(svc));
    positions.expect(grant, 201);
    const byService = (id: string) => grant.body.authorizations.find((a: { serviceId: string }) => a.serviceId === id).authorizationId as string;
    return { ads: byService(svc.ads.serviceId), reports: byService(svc.reports.serviceId) };
  };
  const grantBody = (svc: Services) => ({
    linkCode: svc.ads.linkCode,
    grants: [
      {
        serviceId: svc.ads.serviceId,
        validityDays: 30,
        scopes: { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true },
      },
      { serviceId: svc.reports.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } },
    ],
  });
  /** Step 9's way out: the seller cancels an authorization. */
  const givenCancelled = async (authorizationId: string, reason = 'Switching partner') =>
    positions.expect(await as(seller).post(`/v1/authorizations/${authorizationId}/cancel`, { reason }), 200);
  /** Step 11: a US L2L proposal of ads to shop-2, signed: the authorization it made. */
  const givenSignedProposal = async (svc: Services): Promise<{ proposalId: string; authorizationId: string }> => {
    const created = await as(partner).post('/v1/proposals', {
      sellerId: 'shop-2',
      sellerMarket: 'US_L2L',
      message: 'Our offer',
      services: [{ serviceId: svc.ads.serviceId, validityDays: 60, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    positions.expect(created, 201);
    const signed = await as(otherSeller).post(`/v1/proposals/${created.body.proposalId}/sign`);
    positions.expect(signed, 201);
    return { proposalId: created.body.proposalId, authorizationId: signed.body.authorizations[0].authorizationId };
  };

  it('Step 1: the partner publishes a public and a custom service', async () => {
    const svc = {} as Services;
    for (const [key, body] of [
      ['ads', ADS],
      ['reports', REPORTS],
      ['fulfilment', FULFILMENT],
    ] as const) {
      const published = await as(partner).post('/v1/services', body);
      positions.expect(published, 201);
      expect(published.body).toMatchObject({ serviceId: expect.any(String), linkCode: expect.any(String) });
      expect(published.body.authorizationLink).toMatch(new RegExp(`/v1/authorization-links/${published.body.linkCode}$`));
      svc[key] = published.body;
    }
    const reports = await as(partner).get(`/v1/services/${svc.reports.serviceId}`);
    expectStatus(reports, 200);
    expect(reports.body).toMatchObject({
      ...REPORTS,
      serviceId: svc.reports.serviceId,
      partnerId: 'partner-1',
      status: 'ACTIVE',
      linkCode: svc.reports.linkCode,
      publishedAt: T0,
    });
    expect((await as(seller).get(`/v1/services/${svc.reports.serviceId}`)).body.sellerIds).toBeUndefined(); // shown to the owner only
    await refused(api, () => as(otherSeller).get(`/v1/services/${svc.reports.serviceId}`), 404); // not named by the custom service
  });

  it('Step 2: the partner shares the link; the seller opens it and sees every service it may authorize, with what its market offers', async () => {
    const svc = await givenPublished();
    const shown = await linkPage(seller, svc.ads.linkCode);
    expect(shown.map((s) => s.serviceId).sort()).toEqual([svc.ads.serviceId, svc.reports.serviceId, svc.fulfilment.serviceId].sort());
    const ads = shown.find((s) => s.serviceId === svc.ads.serviceId)!;
    expect(ads).toMatchObject({ name: ADS.name, description: ADS.description, validityDays: 180 });
    expect(offerOf(ads.offerableScopes)).toEqual(offerOf(ADS.requestedScopes));
    expect(offerOf(shown.find((s) => s.serviceId === svc.reports.serviceId)!.offerableScopes)).toEqual(offerOf(REPORTS.requestedScopes));
    // US CB: no authorized object, no permission roles (data compass only); EU: TSP access since December 2025.
    const cb = await linkPage(cbSeller, svc.reports.linkCode);
    expect(cb.map((s) => s.serviceId)).toEqual([svc.ads.serviceId]);
    expect(offerOf(cb[0]!.offerableScopes)).toEqual(offerOf({ shopOperationTicket: true, dataCompass: true }));
    const eu = await linkPage(euSeller, svc.ads.linkCode);
    expect(offerOf(eu[0]!.offerableScopes)).toEqual(offerOf({ ...ADS.requestedScopes, authorizedObjects: [] }));
    expect((await linkPage(otherSeller, svc.ads.linkCode)).map((s) => s.serviceId).sort()).toEqual([svc.ads.serviceId, svc.fulfilment.serviceId].sort());
  });

  it('Step 3: the seller authorizes two services at once', async () => {
    const svc = await givenPublished();
    expect(await access('DATA_COMPASS')).toEqual({ allowed: false, reason: 'NO_AUTHORIZATION', authorizationIds: [] });
    const grant = await as(seller).post('/v1/authorizations', grantBody(svc));
    positions.expect(grant, 201);
    const byService = (id: string) => grant.body.authorizations.find((a: { serviceId: string }) => a.serviceId === id);
    expect(grant.body.authorizations).toHaveLength(2);
    expect(byService(svc.ads.serviceId)).toEqual({
      authorizationId: expect.any(String),
      serviceId: svc.ads.serviceId,
      status: 'ACTIVE',
      expiresAt: plusDays(T0, 30),
    });
    expect(byService(svc.reports.serviceId)).toMatchObject({ status: 'ACTIVE', expiresAt: plusDays(T0, 90) }); // the service's validity by default
    expect((await linkPage(seller, svc.ads.linkCode)).map((s) => s.serviceId)).toEqual([svc.fulfilment.serviceId]); // no longer offered: ACTIVE
  });

  it('Step 3, again: authorizing an ACTIVE service a second time is 409 and changes nothing', async () => {
    const svc = await givenPublished();
    await given(api, step('granted', seller, 'POST', '/v1/authorizations', grantBody(svc)))
      .when(seller, 'POST', '/v1/authorizations', {
        linkCode: svc.ads.linkCode,
        grants: [{ serviceId: svc.ads.serviceId, scopes: { authorizedObject: 'SHOP' } }],
      })
      .then({ status: 409, appended: [] });
  });

  it('Step 4: the partner sees them on its Seller management page, the seller on its my service page', async () => {
    const svc = await givenPublished();
    const auth = await givenGranted(svc);
    const page = await as(partner).get('/v1/partner/sellers', { 'X-Min-Position': String(positions.last) });
    expectStatus(page, 200);
    expect(page.body).toMatchObject({ total: 2, page: 1, pageSize: 20, countsByStatus: { ACTIVE: 2, EXPIRED: 0, CANCELLED: 0, DEACTIVATED: 0 } });
    const ads = page.body.items.find((a: { authorizationId: string }) => a.authorizationId === auth.ads);
    expect(ads).toMatchObject({
      partnerId: 'partner-1',
      sellerId: 'shop-1',
      serviceId: svc.ads.serviceId,
      serviceName: ADS.name,
      market: 'US_L2L',
      status: 'ACTIVE',
      validityDays: 30,
      autoRenew: false,
      grantedAt: T0,
      expiresAt: plusDays(T0, 30),
      updatedAt: T0,
      revision: expect.any(Number),
    });
    expect(scopesOf(ads.scopes)).toEqual(
      scopesOf({ authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true }),
    );
    const mine = await sellerPage();
    expect(mine.menuPath).toEqual(['App & service', 'Find partner']);
    expect(mine.items.map((a: { authorizationId: string }) => a.authorizationId).sort()).toEqual([auth.ads, auth.reports].sort());
    expect(await access('DATA_COMPASS')).toEqual({
      allowed: true,
      reason: 'ALLOWED',
      authorizationIds: [auth.ads, auth.reports].sort(),
      expiresAt: plusDays(T0, 90),
    });
    expect(await access('SELLER_CENTER:ADS_MANAGER')).toMatchObject({ allowed: true, authorizationIds: [auth.ads], expiresAt: plusDays(T0, 30) });
    expect(await access('AUTHORIZED_OBJECT:TIKTOK_ACCOUNT')).toMatchObject({ allowed: true, authorizationIds: [auth.ads] });
    expect(await access('SELLER_CENTER:FINANCE_SPECIALIST')).toEqual({ allowed: false, reason: 'SCOPE_NOT_GRANTED', authorizationIds: [] });
  });

  it('Step 5: the seller edits scopes and auto-renew with If-Match; the ETag follows the revision', async () => {
    const auth = await givenGranted(await givenPublished());
    const before = await view(auth.ads);
    const scopes = { authorizedObject: 'SHOP', sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'], dataCompass: true };
    const edit = await as(seller).patch(`/v1/authorizations/${auth.ads}`, { scopes, autoRenew: true }, { 'If-Match': before.headers.etag as string });
    positions.expect(edit, 200);
    const after = await view(auth.ads);
    expect(edit.headers.etag).toBe(after.headers.etag);
    expect(after.body.revision).toBeGreaterThan(before.body.revision);
    expect(after.body).toMatchObject({ status: 'ACTIVE', autoRenew: true });
    expect(scopesOf(after.body.scopes)).toEqual(scopesOf(scopes));
    expect(await access('SHOP_OPERATION_TICKET')).toMatchObject({ allowed: false, reason: 'SCOPE_NOT_GRANTED' }); // no longer granted
  });

  it('Step 5, again: an edit with a stale If-Match is 412 and changes nothing', async () => {
    const auth = await givenGranted(await givenPublished());
    const before = await view(auth.ads);
    await given(api, step('edited', seller, 'PATCH', `/v1/authorizations/${auth.ads}`, { autoRenew: true }))
      .when(seller, 'PATCH', `/v1/authorizations/${auth.ads}`, { autoRenew: false }, { 'If-Match': before.headers.etag as string })
      .then({ status: 412, appended: [] });
  });

  it('Step 6: time passes and the seller renews: a new validity from now', async () => {
    const auth = await givenGranted(await givenPublished());
    api.clock.advanceDays(20);
    const renew = await as(seller).post(`/v1/authorizations/${auth.ads}/renew`);
    positions.expect(renew, 200);
    expect((await view(auth.ads)).body).toMatchObject({ status: 'ACTIVE', renewedAt: nowOf(api), expiresAt: plusDays(nowOf(api), 30), grantedAt: T0 });
  });

  it('Step 7: the partner asks the seller to renew (sends the link again), one and then many', async () => {
    const svc = await givenPublished();
    const auth = await givenGranted(svc);
    const one = await as(partner).post(`/v1/authorizations/${auth.reports}/renewal-requests`);
    positions.expect(one, 201);
    expect(one.body.authorizationLink).toBe(svc.reports.authorizationLink);
    const first = nowOf(api);
    api.clock.advanceHours(1);
    const many = await as(partner).post('/v1/partner/renewal-requests', { authorizationIds: [auth.ads, auth.reports] });
    positions.expect(many, 201);
    expect(many.body.requested).toBe(2);
    const items = (await sellerPage()).items as { authorizationId: string; renewalRequestedAt?: string }[];
    expect(items.map((a) => a.renewalRequestedAt)).toEqual([nowOf(api), nowOf(api)]);
    expect(first < nowOf(api)).toBe(true);
  });

  it('Step 8: the partner asks to cancel; the seller rejects; too soon again is 409; after 144 hours the seller approves', async () => {
    const auth = await givenGranted(await givenPublished());
    const reason = 'The campaign ended';
    const ask = () => as(partner).post(`/v1/authorizations/${auth.ads}/cancellation-requests`, { reason, note: 'Thank you' });
    positions.expect(await ask(), 201);
    expect((await view(auth.ads, partner)).body).toMatchObject({
      status: 'ACTIVE',
      cancellationRequest: { requestedAt: nowOf(api), reason, note: 'Thank you', dueAt: plusHours(nowOf(api), 72) },
    });
    positions.expect(await as(seller).post(`/v1/authorizations/${auth.ads}/cancellation-requests/reject`, { reason: 'Still needed' }), 200);
    const rejected = await view(auth.ads);
    expect(rejected.body.status).toBe('ACTIVE');
    expect(rejected.body.cancellationRequest).toBeUndefined();
    await refused(api, ask, 409);
    api.clock.advanceHours(143);
    await refused(api, ask, 409);
    api.clock.advanceHours(2);
    positions.expect(await ask(), 201);
    expect(await access('DATA_COMPASS')).toMatchObject({ allowed: true, authorizationIds: [auth.ads, auth.reports].sort() }); // ACTIVE while pending
    positions.expect(await as(seller).post(`/v1/authorizations/${auth.ads}/cancellation-requests/approve`), 200);
    const approved = (await view(auth.ads, partner)).body;
    expect(approved).toMatchObject({ status: 'CANCELLED', endReason: 'PARTNER_CANCELLATION_APPROVED', endedAt: nowOf(api) });
    expect(approved.cancellationRequest).toBeUndefined();
    expect(await access('DATA_COMPASS')).toEqual({ allowed: true, reason: 'ALLOWED', authorizationIds: [auth.reports], expiresAt: plusDays(T0, 90) });
  });

  it('Step 9: the seller cancels the other one: access is denied from the very next call', async () => {
    const auth = await givenGranted(await givenPublished());
    await givenCancelled(auth.ads);
    positions.expect(await as(seller).post(`/v1/authorizations/${auth.reports}/cancel`, { reason: 'Switching partner' }), 200);
    expect(await access('DATA_COMPASS')).toEqual({ allowed: false, reason: 'CANCELLED', authorizationIds: [] });
    expect((await view(auth.reports, partner)).body).toMatchObject({ status: 'CANCELLED', endReason: 'SELLER_CANCELLED', endedAt: nowOf(api) });
    await refused(api, () => as(seller).post(`/v1/authorizations/${auth.reports}/renew`), 409);
    const page = await as(partner).get('/v1/partner/sellers?status=CANCELLED', { 'X-Min-Position': String(positions.last) });
    expect(page.body).toMatchObject({ total: 2, countsByStatus: { ACTIVE: 0, EXPIRED: 0, CANCELLED: 2, DEACTIVATED: 0 } });
  });

  it('Step 10: the seller removes a cancelled one from its page, then grants it again: the same authorization, ACTIVE', async () => {
    const svc = await givenPublished();
    const auth = await givenGranted(svc);
    await givenCancelled(auth.ads);
    await givenCancelled(auth.reports);
    positions.expect(await as(seller).delete(`/v1/authorizations/${auth.reports}`), 200);
    expect((await sellerPage()).items.map((a: { authorizationId: string }) => a.authorizationId)).toEqual([auth.ads]);
    api.clock.advanceHours(1);
    const again = await as(seller).post('/v1/authorizations', {
      linkCode: svc.reports.linkCode,
      grants: [{ serviceId: svc.reports.serviceId, validityDays: 60, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    positions.expect(again, 201);
    expect(again.body.authorizations).toEqual([
      { authorizationId: auth.reports, serviceId: svc.reports.serviceId, status: 'ACTIVE', expiresAt: plusDays(nowOf(api), 60) },
    ]);
    const shown = (await sellerPage()).items.find((a: { authorizationId: string }) => a.authorizationId === auth.reports);
    expect(shown).toMatchObject({ status: 'ACTIVE', grantedAt: nowOf(api) });
    expect(await access('DATA_COMPASS')).toMatchObject({ allowed: true, reason: 'ALLOWED', authorizationIds: [auth.reports] });
  });

  it('Step 11: a proposal in US L2L is created and signed: the grant is the system’s, caused by the signature', async () => {
    const svc = await givenPublished();
    const created = await as(partner).post('/v1/proposals', {
      sellerId: 'shop-2',
      sellerMarket: 'US_L2L',
      message: 'Our offer',
      services: [{ serviceId: svc.ads.serviceId, validityDays: 60, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    positions.expect(created, 201);
    const proposalId = created.body.proposalId as string;
    expect(await proposalOf(otherSeller, '/v1/seller/proposals?status=PENDING', proposalId)).toMatchObject({
      partnerId: 'partner-1',
      sellerId: 'shop-2',
      sellerMarket: 'US_L2L',
      message: 'Our offer',
      status: 'PENDING',
      createdAt: nowOf(api),
      expiresAt: plusDays(nowOf(api), 30),
      services: [{ serviceId: svc.ads.serviceId, serviceName: ADS.name, validityDays: 60, scopes: expect.anything() }],
    });
    const signed = await as(otherSeller).post(`/v1/proposals/${proposalId}/sign`);
    positions.expect(signed, 201);
    expect(signed.body.authorizations).toEqual([
      { authorizationId: expect.any(String), serviceId: svc.ads.serviceId, status: 'ACTIVE', expiresAt: plusDays(nowOf(api), 60) },
    ]);
    const signedAuth = signed.body.authorizations[0].authorizationId;
    const log = await api.store.readAll({ fromPosition: 0n, limit: 10_000 });
    const signature = log.find((e) => e.type === 'ProposalSigned' && (e.data as { proposalId: string }).proposalId === proposalId)!;
    const grant = log.find((e) => e.type === 'AuthorizationGranted' && (e.data as { authorizationId: string }).authorizationId === signedAuth)!;
    expect(grant.metadata.actor).toEqual({ role: 'system', sub: expect.any(String) });
    expect(grant.metadata.causationId).toBe(signature.eventId);
    expect(await proposalOf(partner, '/v1/partner/proposals?status=SIGNED', proposalId)).toMatchObject({ status: 'SIGNED' });
    expect((await view(signedAuth, partner)).body).toMatchObject({ sellerId: 'shop-2', status: 'ACTIVE', validityDays: 60 });
  });

  it('Step 12: a proposal is declined, another withdrawn', async () => {
    const svc = await givenPublished();
    const propose = async () => {
      const created = await as(partner).post('/v1/proposals', {
        sellerId: 'shop-2',
        sellerMarket: 'US_L2L',
        services: [{ serviceId: svc.fulfilment.serviceId, scopes: { authorizedObject: 'SHOP', shopOperationTicket: true } }],
      });
      positions.expect(created, 201);
      return created.body.proposalId as string;
    };
    const declined = await propose();
    positions.expect(await as(otherSeller).post(`/v1/proposals/${declined}/decline`, { reason: 'Not now' }), 200);
    expect(await proposalOf(partner, '/v1/partner/proposals?status=DECLINED', declined)).toMatchObject({ status: 'DECLINED', endedAt: nowOf(api) });
    const withdrawn = await propose();
    positions.expect(await as(partner).post(`/v1/proposals/${withdrawn}/withdraw`), 200);
    expect(await proposalOf(otherSeller, '/v1/seller/proposals?status=WITHDRAWN', withdrawn)).toMatchObject({ status: 'WITHDRAWN' });
    await refused(api, () => as(otherSeller).post(`/v1/proposals/${withdrawn}/sign`), 409);
  });

  it('Step 13: the partner deactivates a service: a proposal of it ends FAILED on signing, and new grants of it are 409', async () => {
    const svc = await givenPublished();
    const published = await as(partner).post('/v1/services', LIVE);
    positions.expect(published, 201);
    const live = published.body as Published;
    const created = await as(partner).post('/v1/proposals', {
      sellerId: 'shop-2',
      sellerMarket: 'US_L2L',
      services: [{ serviceId: live.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    positions.expect(created, 201);
    positions.expect(await as(partner).post(`/v1/services/${live.serviceId}/deactivate`, { reason: 'Discontinued' }), 200);
    expectProblem(await as(otherSeller).post(`/v1/proposals/${created.body.proposalId}/sign`), 409);
    expect(await proposalOf(otherSeller, '/v1/seller/proposals?status=FAILED', created.body.proposalId)).toMatchObject({
      status: 'FAILED',
      endReason: expect.any(String),
    });
    const grantLive = () =>
      as(seller).post('/v1/authorizations', { linkCode: live.linkCode, grants: [{ serviceId: live.serviceId, scopes: { authorizedObject: 'SHOP' } }] });
    await refused(api, grantLive, 409);
    expect((await linkPage(seller, svc.ads.linkCode)).map((s) => s.serviceId)).not.toContain(live.serviceId);
    const deactivated = await as(partner).get('/v1/partner/services?status=DEACTIVATED');
    expect(deactivated.body.items.map((s: { serviceId: string }) => s.serviceId)).toEqual([live.serviceId]);
  });

  it('Step 14: an admin bans a seller and a partner: their commands become 403', async () => {
    const svc = await givenPublished();
    const auth = await givenGranted(svc);
    const signed = await givenSignedProposal(svc);
    positions.expect(await as(admin).post('/v1/admin/sellers/shop-2/ban', { reason: 'Fraud' }), 200);
    await refused(api, () => as(otherSeller).post(`/v1/authorizations/${signed.authorizationId}/cancel`), 403);
    await refused(
      api,
      () =>
        as(otherSeller).post('/v1/authorizations', {
          linkCode: svc.fulfilment.linkCode,
          grants: [{ serviceId: svc.fulfilment.serviceId, scopes: { authorizedObject: 'SHOP', shopOperationTicket: true } }],
        }),
      403,
    );
    positions.expect(await as(admin).post('/v1/admin/partners/partner-1/ban', { reason: 'Policy breach' }), 200);
    await refused(api, () => as(partner).post('/v1/services', FULFILMENT), 403);
    await refused(api, () => as(partner).post(`/v1/authorizations/${auth.reports}/renewal-requests`), 403);
    await refused(api, () => as(partner).post(`/v1/services/${svc.ads.serviceId}/deactivate`), 403);
    // A grant to a banned partner is a state conflict for the seller, not a forbidden role.
    await refused(
      api,
      () =>
        as(seller).post('/v1/authorizations', {
          linkCode: svc.fulfilment.linkCode,
          grants: [{ serviceId: svc.fulfilment.serviceId, scopes: { authorizedObject: 'SHOP', shopOperationTicket: true } }],
        }),
      409,
    );
  });
});
