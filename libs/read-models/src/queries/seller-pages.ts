// What the seller sees: its my service page, and a partner's authorization link.
import {
  type AuthorizationStatus,
  type AuthorizationView,
  isEffectivelyActive,
  type LinkOffer,
  linkOffer,
  type Market,
  type MarketSettings,
  menuPathOf,
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

export type LinkPage = { partnerId: string } & LinkOffer;

/**
 * What the link offers this seller (the domain's linkOffer over the partner's services, active or
 * not, and the seller's ACTIVE authorizations with that partner). undefined: no such link.
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
      filter: { partnerId, $or: [{ visibility: 'PUBLIC' }, { sellerIds: seller.sellerId }] },
      sort: { publishedAt: 1, _id: 1 },
    }),
    store.find<AuthorizationDocument>('authorizations', { filter: { sellerId: seller.sellerId, partnerId } }),
  ]);
  const activeServiceIds = new Set(authorizations.filter((a) => isEffectivelyActive(a, now)).map((a) => a.serviceId));
  return { partnerId, ...linkOffer(services, { ...seller, activeServiceIds }, now, settings) };
}
