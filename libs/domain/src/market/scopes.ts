// The scope vocabulary of the partner guide: what a seller grants to a partner's service.
export const MARKETS = ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'] as const;
export type Market = (typeof MARKETS)[number];

export const AUTHORIZED_OBJECTS = ['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP', 'TIKTOK_ACCOUNT'] as const;
export type AuthorizedObject = (typeof AUTHORIZED_OBJECTS)[number];

/** Seller Center's own sub-account roles; its main admin role cannot be delegated. */
export const SELLER_CENTER_ROLES = [
  'PRODUCT_MANAGEMENT_SPECIALIST',
  'FULFILLMENT_SPECIALIST',
  'MARKETING_SPECIALIST',
  'ADS_MANAGER',
  'AFFILIATE_MANAGER',
  'CUSTOMER_SERVICE_AGENT',
  'FINANCE_SPECIALIST',
] as const;
export type SellerCenterRole = (typeof SELLER_CENTER_ROLES)[number];

/** What a seller grants: one of each kind, normalized (every key present but `authorizedObject`). */
export interface Scopes {
  authorizedObject?: AuthorizedObject;
  shopOperationTicket: boolean;
  sellerCenterRoles: SellerCenterRole[];
  dataCompass: boolean;
}

/** What a service requests: plural where it may offer several. */
export interface RequestedScopes {
  authorizedObjects?: AuthorizedObject[];
  shopOperationTicket?: boolean;
  sellerCenterRoles?: SellerCenterRole[];
  dataCompass?: boolean;
}

export interface ScopesInput {
  authorizedObject?: AuthorizedObject;
  shopOperationTicket?: boolean;
  sellerCenterRoles?: SellerCenterRole[];
  dataCompass?: boolean;
}

const byCanonicalOrder =
  <T extends string>(order: readonly T[]) =>
  (values: readonly T[]) =>
    order.filter((v) => values.includes(v));

export const sortRoles = byCanonicalOrder(SELLER_CENTER_ROLES);
export const sortObjects = byCanonicalOrder(AUTHORIZED_OBJECTS);

export function normalizeScopes(input: ScopesInput): Scopes {
  const scopes: Scopes = {
    shopOperationTicket: input.shopOperationTicket === true,
    sellerCenterRoles: sortRoles(input.sellerCenterRoles ?? []),
    dataCompass: input.dataCompass === true,
  };
  return input.authorizedObject ? { authorizedObject: input.authorizedObject, ...scopes } : scopes;
}

export function normalizeRequestedScopes(input: RequestedScopes): RequestedScopes {
  const out: RequestedScopes = {};
  if (input.authorizedObjects?.length) out.authorizedObjects = sortObjects(input.authorizedObjects);
  if (input.shopOperationTicket) out.shopOperationTicket = true;
  if (input.sellerCenterRoles?.length) out.sellerCenterRoles = sortRoles(input.sellerCenterRoles);
  if (input.dataCompass) out.dataCompass = true;
  return out;
}

export function grantsAnything(scopes: Scopes): boolean {
  return Boolean(scopes.authorizedObject) || scopes.shopOperationTicket || scopes.sellerCenterRoles.length > 0 || scopes.dataCompass;
}

export function requestsAnything(requested: RequestedScopes): boolean {
  return grantsAnything({
    authorizedObject: requested.authorizedObjects?.[0],
    shopOperationTicket: requested.shopOperationTicket === true,
    sellerCenterRoles: requested.sellerCenterRoles ?? [],
    dataCompass: requested.dataCompass === true,
  });
}

export function sameScopes(a: Scopes, b: Scopes): boolean {
  return JSON.stringify(normalizeScopes(a)) === JSON.stringify(normalizeScopes(b));
}
