// Shared scenario material for decider tests, in the partner guide's words.
import type { Actor } from '../shared/decider.js';
import type { ServiceSnapshot } from '../binding/commands.js';
import { linkCodeOf } from '../shared/ids.js';

export const T0 = '2026-03-01T10:00:00.000Z';
export const partner: Actor = { role: 'partner', sub: 'partner-1' };
export const otherPartner: Actor = { role: 'partner', sub: 'partner-2' };
export const seller: Actor = { role: 'seller', sub: 'shop-1' };
export const otherSeller: Actor = { role: 'seller', sub: 'shop-2' };
export const admin: Actor = { role: 'admin', sub: 'operator-1' };
export const system = (process: string): Actor => ({ role: 'system', sub: process });
export const noBans = { partner: false, seller: false };
export const settings = {};

export function aService(overrides: Partial<ServiceSnapshot> = {}): ServiceSnapshot {
  const serviceId = overrides.serviceId ?? 'svc-ads';
  return {
    serviceId,
    partnerId: partner.sub,
    name: 'Ads optimisation',
    description: 'We run your ads',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'],
    requestedScopes: {
      authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT'],
      shopOperationTicket: true,
      sellerCenterRoles: ['ADS_MANAGER', 'MARKETING_SPECIALIST'],
      dataCompass: true,
    },
    validityDays: 180,
    linkCode: linkCodeOf(serviceId),
    publishedAt: '2026-01-01T00:00:00.000Z',
    status: 'ACTIVE',
    ...overrides,
  };
}
