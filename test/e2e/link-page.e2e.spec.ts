// The link page says why a service is not offered (API.md: `unavailable`), and a link keeps
// working with no expiry of its own: it offers what its partner's services offer when opened.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus, plusDays, T0 } from './helpers.js';

const { partner, seller, otherSeller, euSeller, admin } = principals;
const scopes = { authorizedObjects: ['SHOP'], dataCompass: true };
const ADS = { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L', 'EU'], requestedScopes: scopes };
const EU_ONLY = { name: 'EU reports', visibility: 'PUBLIC', markets: ['EU'], requestedScopes: scopes };
const FOR_SHOP_2 = { name: 'For shop-2', visibility: 'CUSTOM', sellerIds: ['shop-2'], markets: ['US_L2L'], requestedScopes: scopes };
const RETIRED = { name: 'Retired', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: scopes };

describe('GET /v1/authorization-links/{linkCode}: what is not offered, and why', () => {
  let api: TestApi;
  const ids: Record<string, string> = {};
  let linkCode = '';
  const open = async (who = seller, at?: TestApi) => {
    const got = await (at ?? api).as(who).get(`/v1/authorization-links/${linkCode}`);
    expectStatus(got, 200);
    // Services published at the same instant come in id order: compare them sorted by name.
    got.body.unavailable.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
    got.body.services.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name));
    return got.body as { partnerId: string; services: { serviceId: string }[]; unavailable: { serviceId: string; name: string; reason: string }[] };
  };

  beforeAll(async () => {
    api = await startApi({ now: T0 });
    for (const [key, body] of Object.entries({ ads: ADS, eu: EU_ONLY, custom: FOR_SHOP_2, retired: RETIRED })) {
      const published = await api.as(partner).post('/v1/services', body);
      expectStatus(published, 201);
      ids[key] = published.body.serviceId;
      if (key === 'ads') linkCode = published.body.linkCode;
    }
    expectStatus(await api.as(partner).post(`/v1/services/${ids.retired}/deactivate`, {}), 200);
  });
  afterAll(() => api.close());

  it('lists the services a seller may see but not authorize, with the reason; a CUSTOM service for another seller not at all', async () => {
    const page = await open();
    expect(page.services.map((s) => s.serviceId)).toEqual([ids.ads]);
    expect(page.unavailable).toEqual([
      { serviceId: ids.eu, name: 'EU reports', reason: 'NOT_OFFERED_IN_MARKET' },
      { serviceId: ids.retired, name: 'Retired', reason: 'DEACTIVATED' },
    ]);
    // The seller the custom service names sees it offered.
    expect((await open(otherSeller)).services.map((s) => s.serviceId)).toEqual([ids.ads, ids.custom]);
    expect((await open(euSeller)).services.map((s) => s.serviceId)).toEqual([ids.ads, ids.eu]); // "Ads", "EU reports"
  });

  it('says ALREADY_ACTIVE once the seller authorized it, and offers it again when that authorization has expired', async () => {
    const granted = await api
      .as(seller)
      .post('/v1/authorizations', { linkCode, grants: [{ serviceId: ids.ads, scopes: { authorizedObject: 'SHOP' }, validityDays: 30 }] });
    expectStatus(granted, 201);
    const page = await open();
    expect(page.services).toEqual([]);
    expect(page.unavailable).toContainEqual({ serviceId: ids.ads, name: 'Ads', reason: 'ALREADY_ACTIVE' });
    api.clock.set(plusDays(T0, 31));
    expect((await open()).services.map((s) => s.serviceId)).toEqual([ids.ads]);
  });

  it('still works a year later (no expiry by time); once the partner is banned, every service shows DEACTIVATED', async () => {
    api.clock.set(plusDays(T0, 400));
    expect((await open()).services.map((s) => s.serviceId)).toEqual([ids.ads]);
    expectStatus(await api.as(admin).post('/v1/admin/partners/partner-1/ban', { reason: 'Policy breach' }), 200);
    await api.settle();
    const page = await open();
    expect(page.services).toEqual([]);
    expect(page.unavailable.map((u) => [u.serviceId, u.reason])).toEqual([
      [ids.ads, 'DEACTIVATED'],
      [ids.eu, 'DEACTIVATED'],
      [ids.retired, 'DEACTIVATED'],
    ]);
  });
});
