// What the seller sees: its my service page, and a partner's authorization link.
import {
  type AuthorizationStatus,
  type AuthorizationView,
  isEffectivelyActive,
  type Market,
  type MarketSettings,
  menuPathOf,
  type OfferableScopes,
  offerableScopes,
} from '#libs/domain';
import type { ReadStore } from '../port.js';
import type { AuthorizationDocument } from '../projections/authorizations.projection.js';
import type { ServiceDocument } from '../projections/services.projection.js';
import { and, authorizationStatusFilter, expiringWithinFilter } from './filters.js';
import { toAuthorizationView } from './seller-management.js';

export interface MyServiceParams {
  status?: AuthorizationStatus;
  expiringWithinDays?: number;
  page?: number;
  pageSize?: number;
}

export interface MyServicePage {
  items: AuthorizationView[];
  menuPath: string[];
  total: number;
  page: number;
  pageSize: number;
}

export async function myServicePage(store: ReadStore, sellerId: string, market: Market, params: MyServiceParams, now: string): Promise<MyServicePage> {
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? 100;
  const filter = and(
    { sellerId, removedAt: { $exists: false } },
    params.status && authorizationStatusFilter(params.status, now),
    params.expiringWithinDays ? expiringWithinFilter(params.expiringWithinDays, now) : undefined,
  );
  const [docs, total] = await Promise.all([
    store.find<AuthorizationDocument>('authorizations', { filter, sort: { updatedAt: -1, _id: -1 }, skip: (page - 1) * pageSize, limit: pageSize }),
    store.count('authorizations', filter),
  ]);
  return { items: docs.map((d) => toAuthorizationView(d, now)), menuPath: menuPathOf(market), total, page, pageSize };
}

export interface LinkService {
  serviceId: string;
  name: string;
  description: string;
  offerableScopes: OfferableScopes;
  validityDays: number;
}

export interface LinkPage {
  partnerId: string;
  services: LinkService[];
}

/**
 * Every service of the link's partner that is active, visible to this seller, offered in its
 * market and not ACTIVE for it, with the scopes its market may grant. undefined: no such link.
 */
export async function linkPage(
  store: ReadStore,
  linkServiceId: string,
  seller: { sellerId: string; market: Market },
  settings: MarketSettings,
  now: string,
): Promise<LinkPage | undefined> {
  const [linkService] = await store.find<ServiceDocument>('services', { filter: { _id: linkServiceId } });
  if (!linkService) return undefined;
  const { partnerId } = linkService;
  const [services, authorizations] = await Promise.all([
    store.find<ServiceDocument>('services', {
      filter: { partnerId, status: 'ACTIVE', markets: seller.market, $or: [{ visibility: 'PUBLIC' }, { sellerIds: seller.sellerId }] },
      sort: { publishedAt: 1, _id: 1 },
    }),
    store.find<AuthorizationDocument>('authorizations', { filter: { sellerId: seller.sellerId, partnerId } }),
  ]);
  const active = new Set(authorizations.filter((a) => isEffectivelyActive(a, now)).map((a) => a.serviceId));
  return {
    partnerId,
    services: services
      .filter((s) => !active.has(s.serviceId))
      .map((s) => ({
        serviceId: s.serviceId,
        name: s.name,
        description: s.description,
        offerableScopes: offerableScopes(s.requestedScopes, seller.market, now, settings),
        validityDays: s.validityDays,
      })),
  };
}
