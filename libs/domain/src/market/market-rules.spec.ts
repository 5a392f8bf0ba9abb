import { describe, expect, it } from '@jest/globals';
import { EU_TSP_ACCESS_LAUNCH, type MarketSettings, menuPathOf, offerableScopes, requiresAuthorizedObject } from './market-rules.js';
import type { Market, RequestedScopes } from './scopes.js';

describe('the seller finds its my service page under its market menu', () => {
  it.each([
    ['US_L2L', ['App & service', 'Find partner']],
    ['EU', ['App & service', 'Find partner']],
    ['US_CB', ['App & service', 'TikTok Shop partners']],
    ['SEA', ['Growth', 'TikTok Shop partners']],
    ['OTHER', ['Growth', 'TikTok Shop partners']],
  ] as const)('%s', (market, path) => expect(menuPathOf(market)).toEqual(path));
});

describe('offerable scopes', () => {
  it('US CB sellers see data compass but no permission roles', () => {
    const offer = offerableScopes({ sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true }, 'US_CB', '2026-01-01T00:00:00.000Z', {});
    expect(offer).toEqual({ shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true });
  });
});

describe('offerable scopes: what each market allows of what the service requests (the market table)', () => {
  const requested: RequestedScopes = {
    authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT'],
    shopOperationTicket: true,
    sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'],
    dataCompass: true,
  };
  const roles = ['MARKETING_SPECIALIST', 'ADS_MANAGER'];
  const seaLaunch: MarketSettings = { seaTspAccessLaunch: '2026-06-01T00:00:00.000Z' };

  // [row, market, now, settings, authorized objects offered (undefined: not allowed), roles offered]
  it.each<[string, Market, string, MarketSettings, string[] | undefined, string[]]>([
    [
      'US L2L: authorized object required, TSP access offered',
      'US_L2L',
      '2026-03-01T00:00:00.000Z',
      {},
      ['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP', 'TIKTOK_ACCOUNT'],
      roles,
    ],
    ['EU before 2025-12-01: no TSP access yet', 'EU', '2025-11-30T23:59:59.999Z', {}, undefined, []],
    ['EU from 2025-12-01: TSP access launched', 'EU', '2025-12-01T00:00:00.000Z', {}, undefined, roles],
    ['SEA without SEA_TSP_ACCESS_LAUNCH: not yet', 'SEA', '2030-01-01T00:00:00.000Z', {}, undefined, []],
    ['SEA before its launch date', 'SEA', '2026-05-31T23:59:59.999Z', seaLaunch, undefined, []],
    ['SEA from its launch date', 'SEA', '2026-06-01T00:00:00.000Z', seaLaunch, undefined, roles],
    ['US CB: data compass only, no permission roles', 'US_CB', '2026-03-01T00:00:00.000Z', {}, undefined, []],
    ['other markets: data compass only, no permission roles', 'OTHER', '2026-03-01T00:00:00.000Z', {}, undefined, []],
  ])('%s', (_row, market, now, marketSettings, objects, offeredRoles) => {
    const expected = { shopOperationTicket: true, sellerCenterRoles: offeredRoles, dataCompass: true };
    expect(offerableScopes(requested, market, now, marketSettings)).toEqual(objects ? { authorizedObjects: objects, ...expected } : expected);
    expect('authorizedObjects' in offerableScopes(requested, market, now, marketSettings)).toBe(objects !== undefined);
  });

  it('the EU launch is 2025-12-01', () => expect(EU_TSP_ACCESS_LAUNCH).toBe('2025-12-01T00:00:00.000Z'));

  it('only US L2L requires an authorized object', () => {
    expect((['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'] as const).filter(requiresAuthorizedObject)).toEqual(['US_L2L']);
  });

  it('a seller is offered nothing the service does not request', () => {
    expect(offerableScopes({ dataCompass: true }, 'US_L2L', '2026-03-01T00:00:00.000Z', {})).toEqual({
      authorizedObjects: [],
      shopOperationTicket: false,
      sellerCenterRoles: [],
      dataCompass: true,
    });
  });

  it('a service requesting the shop only offers the shop only', () => {
    expect(offerableScopes({ authorizedObjects: ['SHOP'] }, 'US_L2L', '2026-03-01T00:00:00.000Z', {}).authorizedObjects).toEqual(['SHOP']);
  });

  it('a service requesting shop & TikTok account offers either part alone as well', () => {
    const offer = offerableScopes({ authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT'] }, 'US_L2L', '2026-03-01T00:00:00.000Z', {});
    expect(offer.authorizedObjects).toEqual(['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP', 'TIKTOK_ACCOUNT']);
  });
});
