// Shared scenario material for decider tests, in the partner guide's words.
import type { Actor } from '../shared/decider.js';
import type { Bans, CreateProposal, GrantAuthorizations, GrantItem, PublishedService } from '../binding/commands.js';
import type {
  AuthorizationCancellationRejected,
  AuthorizationCancellationRequested,
  AuthorizationCancelled,
  AuthorizationDeactivated,
  AuthorizationExpired,
  AuthorizationGranted,
  AuthorizationRef,
  AuthorizationRemoved,
  AuthorizationRenewed,
  CancellationEndReason,
  DeactivationEndReason,
  ProposalCreated,
  ProposalRef,
} from '../binding/events.js';
import type { Scopes, ScopesInput } from '../market/scopes.js';
import { authorizationIdOf, linkCodeOf, proposalIdOf } from '../shared/ids.js';

export const T0 = '2026-03-01T10:00:00.000Z';
export const partner: Actor = { role: 'partner', sub: 'partner-1' };
export const otherPartner: Actor = { role: 'partner', sub: 'partner-2' };
export const seller: Actor = { role: 'seller', sub: 'shop-1' };
export const otherSeller: Actor = { role: 'seller', sub: 'shop-2' };
export const admin: Actor = { role: 'admin', sub: 'operator-1' };
export const auditor: Actor = { role: 'auditor', sub: 'auditor-1' };
export const system = (process: string): Actor => ({ role: 'system', sub: process });
export const noBans: Bans = { partner: false, seller: false };
export const partnerBanned: Bans = { partner: true, seller: false };
export const sellerBanned: Bans = { partner: false, seller: true };
export const settings = {};

/** Time arithmetic written here, not borrowed from the code under test. */
export const plusDays = (at: string, days: number) => new Date(Date.parse(at) + days * 86_400_000).toISOString();
export const plusHours = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
export const plusMs = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

export const ADS = 'svc-ads';

/** A published service (requested scopes normalized, as publishing makes them). */
export function aService(overrides: Partial<PublishedService> = {}): PublishedService {
  const serviceId = overrides.serviceId ?? ADS;
  return {
    serviceId,
    partnerId: partner.sub,
    name: 'Ads optimisation',
    description: 'We run your ads',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'],
    requestedScopes: {
      authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT'],
      shopOperationTicket: true,
      sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'],
      dataCompass: true,
    },
    validityDays: 180,
    linkCode: linkCodeOf(serviceId),
    publishedAt: '2026-01-01T00:00:00.000Z',
    status: 'ACTIVE',
    ...overrides,
  };
}

export const deactivatedService = (overrides: Partial<PublishedService> = {}) => aService({ status: 'DEACTIVATED', ...overrides });

/** The authorization of `serviceId` given by `sellerId` to partner-1. */
export const idOf = (serviceId = ADS, sellerId = seller.sub) => authorizationIdOf({ partnerId: partner.sub, sellerId, serviceId });

export const refOf = (serviceId = ADS, sellerId = seller.sub): AuthorizationRef => ({
  authorizationId: idOf(serviceId, sellerId),
  partnerId: partner.sub,
  sellerId,
  serviceId,
});

/** What a US L2L seller typically grants: the shop, tickets, the ads manager role and data compass. */
export const SHOP_SCOPES: Scopes = { authorizedObject: 'SHOP', shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true };

/** A seller granted partner-1's service at T0 for 30 days (unless told otherwise). */
export function granted(overrides: Partial<AuthorizationGranted['data']> = {}): AuthorizationGranted {
  const serviceId = overrides.serviceId ?? ADS;
  const sellerId = overrides.sellerId ?? seller.sub;
  const grantedAt = overrides.grantedAt ?? T0;
  const validityDays = overrides.validityDays ?? 30;
  return {
    type: 'AuthorizationGranted',
    data: {
      ...refOf(serviceId, sellerId),
      serviceName: 'Ads optimisation',
      market: 'US_L2L',
      scopes: SHOP_SCOPES,
      validityDays,
      autoRenew: false,
      grantedAt,
      expiresAt: plusDays(grantedAt, validityDays),
      ...overrides,
    },
  };
}

export const cancelled = (cancelledAt: string, endReason: CancellationEndReason = 'SELLER_CANCELLED', serviceId = ADS): AuthorizationCancelled => ({
  type: 'AuthorizationCancelled',
  data: { ...refOf(serviceId), endReason, cancelledAt },
});

export const expired = (expiredAt: string, serviceId = ADS): AuthorizationExpired => ({
  type: 'AuthorizationExpired',
  data: { ...refOf(serviceId), endReason: 'EXPIRED', expiredAt },
});

export const deactivated = (deactivatedAt: string, endReason: DeactivationEndReason = 'ADMIN_DEACTIVATED', serviceId = ADS): AuthorizationDeactivated => ({
  type: 'AuthorizationDeactivated',
  data: { ...refOf(serviceId), endReason, deactivatedAt },
});

export const removed = (removedAt: string, serviceId = ADS): AuthorizationRemoved => ({
  type: 'AuthorizationRemoved',
  data: { ...refOf(serviceId), removedAt },
});

export const renewed = (renewedAt: string, expiresAt: string, autoRenewed = false, serviceId = ADS): AuthorizationRenewed => ({
  type: 'AuthorizationRenewed',
  data: { ...refOf(serviceId), renewedAt, expiresAt, autoRenewed },
});

export const cancellationRequested = (requestedAt: string, reason = 'we are closing the agency'): AuthorizationCancellationRequested => ({
  type: 'AuthorizationCancellationRequested',
  data: { ...refOf(), reason, requestedAt, dueAt: plusHours(requestedAt, 72) },
});

export const cancellationRejected = (rejectedAt: string): AuthorizationCancellationRejected => ({
  type: 'AuthorizationCancellationRejected',
  data: { ...refOf(), rejectedAt },
});

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

export const PROPOSAL_ID = proposalIdOf({ partnerId: partner.sub, sellerId: seller.sub, nonce: 'offer-1' });
export const proposalRef: ProposalRef = { proposalId: PROPOSAL_ID, partnerId: partner.sub, sellerId: seller.sub };

/** partner-1 offers shop-1, a US L2L seller, its ads service at T0 (30 days to sign). */
export function createProposalOf(overrides: Partial<CreateProposal> = {}): CreateProposal {
  return {
    type: 'CreateProposal',
    actor: partner,
    now: T0,
    bans: noBans,
    proposalId: PROPOSAL_ID,
    partnerId: partner.sub,
    sellerId: seller.sub,
    sellerMarket: 'US_L2L',
    services: [{ serviceId: ADS, service: aService(), scopes: SHOP_SCOPES, validityDays: 30 }],
    expiresInDays: 30,
    settings,
    ...overrides,
  };
}

/** The proposal createProposalOf() makes. */
export function proposalCreated(overrides: Partial<ProposalCreated['data']> = {}): ProposalCreated {
  return {
    type: 'ProposalCreated',
    data: {
      ...proposalRef,
      sellerMarket: 'US_L2L',
      services: [{ serviceId: ADS, serviceName: 'Ads optimisation', scopes: SHOP_SCOPES, validityDays: 30 }],
      createdAt: T0,
      expiresAt: plusDays(T0, 30),
      ...overrides,
    },
  };
}
