// What the seller, the partner or the system asks of partner-1's authorizations.
import type { GrantAuthorizations, GrantItem } from '../binding/commands.js';
import type { Actor } from '../shared/decider.js';
import type { ScopesInput } from '../market/scopes.js';
import { noBans, partner, seller } from './actors.js';
import { idOf } from './authorization-events.js';
import { settings } from './market.js';
import { ADS, aService } from './services.js';
import { T0 } from './time.js';

/** The common part of a command on one authorization. */
export const onAuthorization = (actor: Actor, now = T0, serviceId = ADS, sellerId = seller.sub) => ({
  actor,
  now,
  bans: noBans,
  authorizationId: idOf(serviceId, sellerId),
});

/** One service picked on the authorization page. */
export function grantItem(scopes: ScopesInput, more: Partial<GrantItem> = {}): GrantItem {
  const service = 'service' in more ? more.service : aService();
  return { serviceId: more.serviceId ?? service?.serviceId ?? ADS, service, scopes, ...more };
}

/** shop-1 grants partner-1 the given services, as a US L2L seller at T0 unless told otherwise. */
export function grantOf(grants: GrantItem[], overrides: Partial<GrantAuthorizations> = {}): GrantAuthorizations {
  return {
    type: 'GrantAuthorizations',
    actor: seller,
    now: T0,
    bans: noBans,
    partnerId: partner.sub,
    sellerId: seller.sub,
    market: 'US_L2L',
    settings,
    grants,
    ...overrides,
  };
}
