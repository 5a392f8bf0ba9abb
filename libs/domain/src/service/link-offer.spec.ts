// A partner's link, opened by one seller: what it may authorize now, and why the rest is not offered.
import { describe, expect, it } from '@jest/globals';
import type { ServiceState } from './service.js';
import { type LinkSeller, linkOffer } from './link-offer.js';

const NOW = '2026-03-01T00:00:00.000Z';
type Published = Exclude<ServiceState, { status: 'NONE' }>;

const service = (serviceId: string, patch: Partial<Published> = {}): Published =>
  ({
    status: 'ACTIVE',
    serviceId,
    partnerId: 'partner-1',
    name: `Service ${serviceId}`,
    description: '',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'EU'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true, sellerCenterRoles: ['ADS_MANAGER'] },
    validityDays: 180,
    linkCode: `lk_${serviceId}`,
    publishedAt: NOW,
    ...patch,
  }) as Published;
const deactivated = (serviceId: string, patch: Partial<Published> = {}) =>
  service(serviceId, { status: 'DEACTIVATED', deactivatedAt: NOW, cause: 'PARTNER', ...patch } as Partial<Published>);
const seller = (patch: Partial<LinkSeller> = {}): LinkSeller => ({ sellerId: 'shop-1', market: 'US_L2L', activeServiceIds: new Set(), ...patch });

/** Given the partner's services, when this seller opens the link, then it is offered / told why not. */
const opened = (services: Published[], who = seller()) => linkOffer(services, who, NOW, {});

describe("a partner's link, opened by a seller", () => {
  it('offers every active public service of its market, with the scopes that market allows, in the given order', () => {
    const offer = opened([service('ads'), service('care', { validityDays: 90 })]);
    expect(offer.unavailable).toEqual([]);
    expect(offer.services).toEqual([
      { serviceId: 'ads', name: 'Service ads', description: '', offerableScopes: expect.objectContaining({ dataCompass: true }), validityDays: 180 },
      { serviceId: 'care', name: 'Service care', description: '', offerableScopes: expect.any(Object), validityDays: 90 },
    ]);
  });

  it('says ALREADY_ACTIVE for a service this seller has an ACTIVE authorization of', () => {
    const offer = opened([service('ads'), service('care')], seller({ activeServiceIds: new Set(['ads']) }));
    expect(offer.services.map((s) => s.serviceId)).toEqual(['care']);
    expect(offer.unavailable).toEqual([{ serviceId: 'ads', name: 'Service ads', reason: 'ALREADY_ACTIVE' }]);
  });

  it("says NOT_OFFERED_IN_MARKET for a service outside the seller's market (a seller no service offers gets every one with that reason)", () => {
    const offer = opened([service('ads'), service('care')], seller({ market: 'SEA' }));
    expect(offer.services).toEqual([]);
    expect(offer.unavailable).toEqual([
      { serviceId: 'ads', name: 'Service ads', reason: 'NOT_OFFERED_IN_MARKET' },
      { serviceId: 'care', name: 'Service care', reason: 'NOT_OFFERED_IN_MARKET' },
    ]);
  });

  it('says DEACTIVATED for a deactivated service, before any other reason (a banned partner has only those)', () => {
    const offer = opened([deactivated('ads', { markets: ['SEA'] }), deactivated('care')], seller({ activeServiceIds: new Set(['care']) }));
    expect(offer.services).toEqual([]);
    expect(offer.unavailable.map((u) => [u.serviceId, u.reason])).toEqual([
      ['ads', 'DEACTIVATED'],
      ['care', 'DEACTIVATED'],
    ]);
  });

  it('never lists a CUSTOM service that does not name the seller, whatever its state; lists one that does', () => {
    const custom = { visibility: 'CUSTOM' as const };
    const offer = opened([
      service('theirs', { ...custom, sellerIds: ['shop-2'] }),
      deactivated('theirs-old', { ...custom, sellerIds: ['shop-2'] }),
      service('theirs-sea', { ...custom, sellerIds: ['shop-2'], markets: ['SEA'] }),
      service('mine', { ...custom, sellerIds: ['shop-1'] }),
      service('mine-sea', { ...custom, sellerIds: ['shop-1'], markets: ['SEA'] }),
    ]);
    expect(offer.services.map((s) => s.serviceId)).toEqual(['mine']);
    expect(offer.unavailable).toEqual([{ serviceId: 'mine-sea', name: 'Service mine-sea', reason: 'NOT_OFFERED_IN_MARKET' }]);
  });
});
