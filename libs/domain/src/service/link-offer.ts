// What a partner's authorization link offers one seller (API.md, GET /v1/authorization-links):
// the partner's services it may authorize now, with the scopes its market allows, and the ones
// it may see but not authorize, each with the reason. A link has no expiry of its own: it offers
// whatever its partner's services offer at the time it is opened (a banned partner's services are
// all deactivated, so its links offer nothing).
import type { Market } from '../market/scopes.js';
import { type MarketSettings, type OfferableScopes, offerableScopes } from '../market/market-rules.js';
import type { Instant } from '../shared/time.js';
import { isVisibleTo, type ServiceState } from './service.js';

export type UnavailableReason = 'ALREADY_ACTIVE' | 'NOT_OFFERED_IN_MARKET' | 'DEACTIVATED';
export const UNAVAILABLE_REASONS: readonly UnavailableReason[] = ['ALREADY_ACTIVE', 'NOT_OFFERED_IN_MARKET', 'DEACTIVATED'];

export interface OfferedService {
  serviceId: string;
  name: string;
  description: string;
  offerableScopes: OfferableScopes;
  validityDays: number;
}

export interface UnavailableService {
  serviceId: string;
  name: string;
  reason: UnavailableReason;
}

export interface LinkOffer {
  services: OfferedService[];
  unavailable: UnavailableService[];
}

export interface LinkSeller {
  sellerId: string;
  market: Market;
  /** The services this seller's authorizations with the partner are ACTIVE for (effective status). */
  activeServiceIds: ReadonlySet<string>;
}

/** Why a visible service cannot be authorized now; undefined when it can. The first that applies, in this order. */
function unavailableReason(service: Exclude<ServiceState, { status: 'NONE' }>, seller: LinkSeller): UnavailableReason | undefined {
  if (service.status === 'DEACTIVATED') return 'DEACTIVATED';
  if (seller.activeServiceIds.has(service.serviceId)) return 'ALREADY_ACTIVE';
  if (!service.markets.includes(seller.market)) return 'NOT_OFFERED_IN_MARKET';
  return undefined;
}

/** `services`: every service of the link's partner, in the order to show them. A CUSTOM service not naming the seller is never listed. */
export function linkOffer(
  services: readonly Exclude<ServiceState, { status: 'NONE' }>[],
  seller: LinkSeller,
  now: Instant,
  settings: MarketSettings,
): LinkOffer {
  const offer: LinkOffer = { services: [], unavailable: [] };
  for (const service of services) {
    if (!isVisibleTo(service, seller.sellerId)) continue;
    const reason = unavailableReason(service, seller);
    if (reason) offer.unavailable.push({ serviceId: service.serviceId, name: service.name, reason });
    else
      offer.services.push({
        serviceId: service.serviceId,
        name: service.name,
        description: service.description,
        offerableScopes: offerableScopes(service.requestedScopes, seller.market, now, settings),
        validityDays: service.validityDays,
      });
  }
  return offer;
}
