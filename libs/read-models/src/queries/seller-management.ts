// The partner's Seller management page: every authorization given to it, filtered, sorted,
// paged, with the counts by status under the same filters but status.
import { AUTHORIZATION_STATUSES, type AuthorizationStatus, type AuthorizationView, authorizationView, type Market } from '#libs/domain';
import type { Filter, FindQuery, ReadStore, Sort } from '../port.js';
import type { AuthorizationDocument } from '../projections/authorizations.projection.js';
import { and, authorizationStatusFilter, expiringWithinFilter } from './filters.js';

export const SELLER_MANAGEMENT_SORTS = ['grantedAt', '-grantedAt', 'expiresAt', '-expiresAt', 'updatedAt', '-updatedAt'] as const;
export type SellerManagementSort = (typeof SELLER_MANAGEMENT_SORTS)[number];

export interface SellerManagementParams {
  status?: AuthorizationStatus;
  market?: Market;
  serviceId?: string;
  sellerId?: string;
  expiringWithinDays?: number;
  sort?: SellerManagementSort;
  page?: number;
  pageSize?: number;
}

export interface SellerManagementPage {
  items: AuthorizationView[];
  total: number;
  page: number;
  pageSize: number;
  countsByStatus: Record<AuthorizationStatus, number>;
}

/** Sorts end on _id so that pages never overlap or skip rows with equal times. */
export function sortOf(sort: SellerManagementSort): Sort {
  const field = sort.replace('-', '');
  const direction = sort.startsWith('-') ? -1 : 1;
  return { [field]: direction, _id: direction };
}

/** The filters of the page but status. */
export function sellerManagementBase(partnerId: string, params: SellerManagementParams, now: string): Filter {
  const base: Filter = { partnerId };
  if (params.market) base.market = params.market;
  if (params.serviceId) base.serviceId = params.serviceId;
  if (params.sellerId) base.sellerId = params.sellerId;
  return params.expiringWithinDays ? and(base, expiringWithinFilter(params.expiringWithinDays, now)) : base;
}

export function sellerManagementQuery(partnerId: string, params: SellerManagementParams, now: string): FindQuery {
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? 20;
  const base = sellerManagementBase(partnerId, params, now);
  return {
    filter: params.status ? and(base, authorizationStatusFilter(params.status, now)) : base,
    sort: sortOf(params.sort ?? '-updatedAt'),
    skip: (page - 1) * pageSize,
    limit: pageSize,
  };
}

export const toAuthorizationView = (doc: AuthorizationDocument & { _id?: string; _position?: bigint }, now: string): AuthorizationView => {
  const { _id, _position, ...state } = doc;
  return authorizationView(state as AuthorizationDocument, now);
};

export async function sellerManagementPage(store: ReadStore, partnerId: string, params: SellerManagementParams, now: string): Promise<SellerManagementPage> {
  const query = sellerManagementQuery(partnerId, params, now);
  const base = sellerManagementBase(partnerId, params, now);
  const [docs, counts] = await Promise.all([
    store.find<AuthorizationDocument>('authorizations', query),
    Promise.all(AUTHORIZATION_STATUSES.map((s) => store.count('authorizations', and(base, authorizationStatusFilter(s, now))))),
  ]);
  const countsByStatus = Object.fromEntries(AUTHORIZATION_STATUSES.map((s, i) => [s, counts[i]!])) as Record<AuthorizationStatus, number>;
  const total = params.status ? countsByStatus[params.status] : counts.reduce((a, b) => a + b, 0);
  return { items: docs.map((d) => toAuthorizationView(d, now)), total, page: params.page ?? 1, pageSize: params.pageSize ?? 20, countsByStatus };
}

/** Every matching row, unpaged, for the CSV export. */
export async function* sellerManagementRows(
  store: ReadStore,
  partnerId: string,
  params: SellerManagementParams,
  now: string,
): AsyncIterable<AuthorizationView[]> {
  const { filter, sort } = sellerManagementQuery(partnerId, params, now);
  for await (const page of store.scan<AuthorizationDocument>('authorizations', { filter, sort: sort! })) yield page.map((d) => toAuthorizationView(d, now));
}

/** Ids of the partner's ACTIVE authorizations expiring within `days` days (bulk renewal requests). */
export async function expiringAuthorizationIds(store: ReadStore, partnerId: string, days: number, now: string): Promise<string[]> {
  const docs = await store.find<AuthorizationDocument>('authorizations', {
    filter: and({ partnerId }, expiringWithinFilter(days, now)),
    sort: { expiresAt: 1, _id: 1 },
  });
  return docs.map((d) => d.authorizationId);
}
