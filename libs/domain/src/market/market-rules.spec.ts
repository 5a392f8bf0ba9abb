import { describe, expect, it } from '@jest/globals';
import { menuPathOf, offerableScopes } from './market-rules.js';

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
