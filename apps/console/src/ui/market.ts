// What a market lets a seller grant of what a service requests (API.md's market table), so the
// forms offer only what can be granted. The server stays the judge: a refusal names the field.
import type { Market, OfferableScopes, RequestedScopes } from '../api/client';

export function offerableIn(market: Market, requested: RequestedScopes): OfferableScopes {
  const rolesAllowed = market === 'US_L2L' || market === 'EU' || market === 'SEA';
  return {
    ...(market === 'US_L2L' && { authorizedObjects: requested.authorizedObjects ?? [] }),
    shopOperationTicket: !!requested.shopOperationTicket,
    sellerCenterRoles: rolesAllowed ? (requested.sellerCenterRoles ?? []) : [],
    dataCompass: !!requested.dataCompass,
  };
}
