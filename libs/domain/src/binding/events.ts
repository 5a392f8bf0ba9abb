// Events of a binding stream (one partner x one seller). Each names the ids it concerns.
import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/time.js';
import type { Market, Scopes } from '../market/scopes.js';

export type CancellationEndReason = 'SELLER_CANCELLED' | 'PARTNER_CANCELLATION_APPROVED' | 'PARTNER_CANCELLATION_TIMEOUT';
export type DeactivationEndReason = 'SERVICE_DEACTIVATED' | 'PARTNER_BANNED' | 'SELLER_BANNED' | 'ADMIN_DEACTIVATED';
export type EndReason = CancellationEndReason | DeactivationEndReason | 'EXPIRED';
export const END_REASONS: readonly EndReason[] = [
  'SELLER_CANCELLED',
  'PARTNER_CANCELLATION_APPROVED',
  'PARTNER_CANCELLATION_TIMEOUT',
  'EXPIRED',
  'SERVICE_DEACTIVATED',
  'PARTNER_BANNED',
  'SELLER_BANNED',
  'ADMIN_DEACTIVATED',
];

export interface AuthorizationRef {
  authorizationId: string;
  partnerId: string;
  sellerId: string;
  serviceId: string;
}

export type AuthorizationGranted = DomainEvent<
  'AuthorizationGranted',
  AuthorizationRef & {
    serviceName: string;
    market: Market;
    scopes: Scopes;
    validityDays: number;
    autoRenew: boolean;
    grantedAt: Instant;
    expiresAt: Instant;
    proposalId?: string;
  }
>;
export type AuthorizationScopesChanged = DomainEvent<'AuthorizationScopesChanged', AuthorizationRef & { scopes: Scopes; changedAt: Instant }>;
export type AuthorizationAutoRenewChanged = DomainEvent<'AuthorizationAutoRenewChanged', AuthorizationRef & { autoRenew: boolean; changedAt: Instant }>;
export type AuthorizationRenewalRequested = DomainEvent<'AuthorizationRenewalRequested', AuthorizationRef & { requestedAt: Instant }>;
export type AuthorizationRenewed = DomainEvent<'AuthorizationRenewed', AuthorizationRef & { renewedAt: Instant; expiresAt: Instant; autoRenewed: boolean }>;
export type AuthorizationCancellationRequested = DomainEvent<
  'AuthorizationCancellationRequested',
  AuthorizationRef & { reason: string; note?: string; requestedAt: Instant; dueAt: Instant }
>;
export type AuthorizationCancellationRejected = DomainEvent<'AuthorizationCancellationRejected', AuthorizationRef & { reason?: string; rejectedAt: Instant }>;
export type AuthorizationCancelled = DomainEvent<
  'AuthorizationCancelled',
  AuthorizationRef & { endReason: CancellationEndReason; reason?: string; cancelledAt: Instant }
>;
export type AuthorizationExpired = DomainEvent<'AuthorizationExpired', AuthorizationRef & { endReason: 'EXPIRED'; expiredAt: Instant }>;
export type AuthorizationDeactivated = DomainEvent<
  'AuthorizationDeactivated',
  AuthorizationRef & { endReason: DeactivationEndReason; reason?: string; deactivatedAt: Instant }
>;
export type AuthorizationRemoved = DomainEvent<'AuthorizationRemoved', AuthorizationRef & { removedAt: Instant }>;

export type AuthorizationEvent =
  | AuthorizationGranted
  | AuthorizationScopesChanged
  | AuthorizationAutoRenewChanged
  | AuthorizationRenewalRequested
  | AuthorizationRenewed
  | AuthorizationCancellationRequested
  | AuthorizationCancellationRejected
  | AuthorizationCancelled
  | AuthorizationExpired
  | AuthorizationDeactivated
  | AuthorizationRemoved;

export interface ProposedService {
  serviceId: string;
  serviceName: string;
  scopes: Scopes;
  validityDays: number;
}

export interface ProposalRef {
  proposalId: string;
  partnerId: string;
  sellerId: string;
}

export type ProposalCreated = DomainEvent<
  'ProposalCreated',
  ProposalRef & { sellerMarket: Market; services: ProposedService[]; message?: string; createdAt: Instant; expiresAt: Instant }
>;
export type ProposalWithdrawn = DomainEvent<'ProposalWithdrawn', ProposalRef & { withdrawnAt: Instant }>;
export type ProposalSigned = DomainEvent<'ProposalSigned', ProposalRef & { authorizationIds: string[]; signedAt: Instant }>;
export type ProposalDeclined = DomainEvent<'ProposalDeclined', ProposalRef & { reason?: string; declinedAt: Instant }>;
export type ProposalExpired = DomainEvent<'ProposalExpired', ProposalRef & { expiredAt: Instant }>;
export type ProposalFailed = DomainEvent<'ProposalFailed', ProposalRef & { reason: string; detail: string; serviceId?: string; failedAt: Instant }>;

export type ProposalEvent = ProposalCreated | ProposalWithdrawn | ProposalSigned | ProposalDeclined | ProposalExpired | ProposalFailed;

export type BindingEvent = AuthorizationEvent | ProposalEvent;
