// The market table of API.md: which scopes each market offers, and where the seller finds its
// "my service" page. Dates that move (SEA's TSP access launch) reach the rules as settings.
import type { FieldError } from '../shared/errors.js';
import type { Instant } from '../shared/time.js';
import { type AuthorizedObject, type Market, type RequestedScopes, type Scopes, grantsAnything, sortObjects } from './scopes.js';

export interface MarketSettings {
  /** SEA_TSP_ACCESS_LAUNCH: from this instant SEA sellers may grant seller center roles. */
  seaTspAccessLaunch?: Instant;
}

/** TSP access (seller center roles) launched in the EU in December 2025. */
export const EU_TSP_ACCESS_LAUNCH: Instant = '2025-12-01T00:00:00.000Z';

export const PROPOSAL_MARKETS: readonly Market[] = ['US_L2L', 'US_CB'];

export function requiresAuthorizedObject(market: Market): boolean {
  return market === 'US_L2L';
}

export function offersSellerCenterRoles(market: Market, now: Instant, settings: MarketSettings): boolean {
  switch (market) {
    case 'US_L2L':
      return true;
    case 'EU':
      return now >= EU_TSP_ACCESS_LAUNCH;
    case 'SEA':
      return settings.seaTspAccessLaunch !== undefined && now >= settings.seaTspAccessLaunch;
    case 'US_CB':
    case 'OTHER':
      return false;
  }
}

export function menuPathOf(market: Market): string[] {
  switch (market) {
    case 'US_L2L':
    case 'EU':
      return ['App & service', 'Find partner'];
    case 'US_CB':
      return ['App & service', 'TikTok Shop partners'];
    case 'SEA':
    case 'OTHER':
      return ['Growth', 'TikTok Shop partners'];
  }
}

/** SHOP_AND_TIKTOK_ACCOUNT covers each of its two parts: a seller may grant less than asked. */
function grantableObjects(requested: readonly AuthorizedObject[]): AuthorizedObject[] {
  const out = new Set<AuthorizedObject>(requested);
  if (out.has('SHOP_AND_TIKTOK_ACCOUNT')) {
    out.add('SHOP');
    out.add('TIKTOK_ACCOUNT');
  }
  return sortObjects([...out]);
}

export interface OfferableScopes {
  authorizedObjects?: AuthorizedObject[];
  shopOperationTicket: boolean;
  sellerCenterRoles: Scopes['sellerCenterRoles'];
  dataCompass: boolean;
}

/** What this market lets a seller grant of what the service requests. */
export function offerableScopes(requested: RequestedScopes, market: Market, now: Instant, settings: MarketSettings): OfferableScopes {
  const offer: OfferableScopes = {
    shopOperationTicket: requested.shopOperationTicket === true,
    sellerCenterRoles: offersSellerCenterRoles(market, now, settings) ? [...(requested.sellerCenterRoles ?? [])] : [],
    dataCompass: requested.dataCompass === true,
  };
  return requiresAuthorizedObject(market) ? { authorizedObjects: grantableObjects(requested.authorizedObjects ?? []), ...offer } : offer;
}

/**
 * A seller may grant at most what the service requests and what its market offers, and at
 * least one scope. Returns one error per offending field, named under `prefix`.
 */
export function scopeErrors(scopes: Scopes, requested: RequestedScopes, market: Market, now: Instant, settings: MarketSettings, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const offer = offerableScopes(requested, market, now, settings);
  if (requiresAuthorizedObject(market)) {
    if (!scopes.authorizedObject) errors.push({ field: `${prefix}.authorizedObject`, message: `an authorized object is required in ${market}` });
    else if (!offer.authorizedObjects?.includes(scopes.authorizedObject))
      errors.push({ field: `${prefix}.authorizedObject`, message: `the service does not request ${scopes.authorizedObject}` });
  } else if (scopes.authorizedObject) {
    errors.push({ field: `${prefix}.authorizedObject`, message: `${market} has no authorized object` });
  }
  if (scopes.shopOperationTicket && !offer.shopOperationTicket)
    errors.push({ field: `${prefix}.shopOperationTicket`, message: 'the service does not request the shop operation ticket' });
  if (scopes.sellerCenterRoles.length > 0) {
    if (!offersSellerCenterRoles(market, now, settings))
      errors.push({ field: `${prefix}.sellerCenterRoles`, message: `${market} does not offer seller center roles (TSP access) now` });
    else {
      const extra = scopes.sellerCenterRoles.filter((role) => !offer.sellerCenterRoles.includes(role));
      if (extra.length) errors.push({ field: `${prefix}.sellerCenterRoles`, message: `the service does not request ${extra.join(', ')}` });
    }
  }
  if (scopes.dataCompass && !offer.dataCompass) errors.push({ field: `${prefix}.dataCompass`, message: 'the service does not request data compass' });
  if (errors.length === 0 && !grantsAnything(scopes)) errors.push({ field: prefix, message: 'a grant grants at least one scope' });
  return errors;
}
