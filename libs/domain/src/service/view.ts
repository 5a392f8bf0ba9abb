// ServiceView of API.md. The sellers a CUSTOM service names are shown to its owner only.
import type { Instant } from '../shared/time.js';
import type { ServiceFacts, ServiceState } from './service.js';

export interface ServiceView extends ServiceFacts {
  status: 'ACTIVE' | 'DEACTIVATED';
  authorizationLink: string;
  deactivatedAt?: Instant;
}

export const authorizationLinkOf = (linkBase: string, linkCode: string) => `${linkBase}/${linkCode}`;

export function serviceView(state: Exclude<ServiceState, { status: 'NONE' }>, options: { linkBase: string; forOwner: boolean }): ServiceView {
  const view: ServiceView = {
    serviceId: state.serviceId,
    partnerId: state.partnerId,
    name: state.name,
    description: state.description,
    visibility: state.visibility,
    markets: state.markets,
    requestedScopes: state.requestedScopes,
    validityDays: state.validityDays,
    status: state.status,
    linkCode: state.linkCode,
    authorizationLink: authorizationLinkOf(options.linkBase, state.linkCode),
    publishedAt: state.publishedAt,
  };
  if (options.forOwner && state.sellerIds) view.sellerIds = state.sellerIds;
  if (state.status === 'DEACTIVATED') view.deactivatedAt = state.deactivatedAt;
  return view;
}
