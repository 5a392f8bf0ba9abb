// partner-1's ads service, as a command reads it once published.
import type { PublishedService } from '../binding/commands.js';
import { linkCodeOf } from '../shared/ids.js';
import { partner } from './actors.js';

export const ADS = 'svc-ads';

/** A published service (requested scopes normalized, as publishing makes them). */
export function aService(overrides: Partial<PublishedService> = {}): PublishedService {
  const serviceId = overrides.serviceId ?? ADS;
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
      sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'],
      dataCompass: true,
    },
    validityDays: 180,
    linkCode: linkCodeOf(serviceId),
    publishedAt: '2026-01-01T00:00:00.000Z',
    status: 'ACTIVE',
    ...overrides,
  };
}

export const deactivatedService = (overrides: Partial<PublishedService> = {}) => aService({ status: 'DEACTIVATED', ...overrides });
