// The partner's own services with their active authorization counts, and proposals of both sides.
import { type ProposalStatus, type ProposalView, proposalView, serviceView, type ServiceView } from '#libs/domain';
import type { ReadStore } from '../port.js';
import type { ProposalDocument } from '../projections/proposals.projection.js';
import type { ServiceDocument } from '../projections/services.projection.js';
import { and, authorizationStatusFilter, proposalStatusFilter } from './filters.js';

export type PartnerServiceView = ServiceView & { activeAuthorizations: number };

export async function partnerServices(
  store: ReadStore,
  partnerId: string,
  params: { status?: 'ACTIVE' | 'DEACTIVATED'; page?: number; pageSize?: number },
  linkBase: string,
  now: string,
): Promise<{ items: PartnerServiceView[]; total: number; page: number; pageSize: number }> {
  // Paged like every list, so that a partner with many services cannot ask for all of them (and a count each) at once.
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? 100;
  const filter = and({ partnerId }, params.status && { status: params.status });
  const [services, total] = await Promise.all([
    store.find<ServiceDocument>('services', { filter, sort: { publishedAt: -1, _id: -1 }, skip: (page - 1) * pageSize, limit: pageSize }),
    store.count('services', filter),
  ]);
  const counts = await Promise.all(
    services.map((s) => store.count('authorizations', and({ serviceId: s.serviceId }, authorizationStatusFilter('ACTIVE', now)))),
  );
  return {
    items: services.map((s, i) => ({ ...serviceView(strip(s), { linkBase, forOwner: true }), activeAuthorizations: counts[i]! })),
    total,
    page,
    pageSize,
  };
}

export interface ProposalListParams {
  status?: ProposalStatus;
  page?: number;
  pageSize?: number;
}

export async function proposalList(
  store: ReadStore,
  party: { partnerId: string } | { sellerId: string },
  params: ProposalListParams,
  now: string,
): Promise<{ items: ProposalView[]; total: number; page: number; pageSize: number }> {
  const page = params.page ?? 1;
  const pageSize = params.pageSize ?? 100;
  const filter = and(party, params.status && proposalStatusFilter(params.status, now));
  const [docs, total] = await Promise.all([
    store.find<ProposalDocument>('proposals', { filter, sort: { createdAt: -1, _id: -1 }, skip: (page - 1) * pageSize, limit: pageSize }),
    store.count('proposals', filter),
  ]);
  return { items: docs.map((d) => proposalView(strip(d), now)), total, page, pageSize };
}

function strip<D extends object>(doc: D): D {
  const { _id, _position, ...rest } = doc as D & { _id?: string; _position?: bigint };
  return rest as D;
}
