// The state of one binding, folded from its stream: one authorization per service (granted
// again in place), and the proposals between the pair.
import { emptyDictionary, entryOf, withEntry } from '../shared/dictionary.js';
import { parseAuthorizationId } from '../shared/ids.js';
import type { Instant } from '../shared/time.js';
import type { Market } from '../market/scopes.js';
import type { AuthorizationEvent, AuthorizationGranted, BindingEvent, EndReason, ProposalEvent, ProposedService } from './events.js';

export interface CancellationRequest {
  requestedAt: Instant;
  reason: string;
  note?: string;
  dueAt: Instant;
}

type Grant = AuthorizationGranted['data'];

/** What the latest grant recorded (scopes, auto-renew and expiresAt as changed since), and what happened after it. */
export interface AuthorizationFacts extends Grant {
  renewedAt?: Instant;
  renewalRequestedAt?: Instant;
  /** When the seller last rejected a cancellation request: the partner waits 144 hours after it. */
  cancellationRejectedAt?: Instant;
  removedAt?: Instant;
  updatedAt: Instant;
  /** How many events this authorization has had: its If-Match / ETag revision. */
  revision: number;
}

export type ActiveAuthorization = AuthorizationFacts & { status: 'ACTIVE'; cancellationRequest?: CancellationRequest };
export type EndedAuthorization = AuthorizationFacts & {
  status: 'EXPIRED' | 'CANCELLED' | 'DEACTIVATED';
  endedAt: Instant;
  endReason: EndReason;
};
export type AuthorizationState = ActiveAuthorization | EndedAuthorization;
export type AuthorizationStatus = AuthorizationState['status'];
export const AUTHORIZATION_STATUSES: readonly AuthorizationStatus[] = ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'];

export type ProposalStatus = 'PENDING' | 'SIGNED' | 'DECLINED' | 'WITHDRAWN' | 'EXPIRED' | 'FAILED';
export const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['PENDING', 'SIGNED', 'DECLINED', 'WITHDRAWN', 'EXPIRED', 'FAILED'];

interface ProposalFacts {
  proposalId: string;
  partnerId: string;
  sellerId: string;
  sellerMarket: Market;
  services: ProposedService[];
  message?: string;
  createdAt: Instant;
  expiresAt: Instant;
}
export type ProposalState =
  (ProposalFacts & { status: 'PENDING' }) | (ProposalFacts & { status: Exclude<ProposalStatus, 'PENDING'>; endedAt: Instant; endReason?: string });

export interface BindingState {
  /** Keyed by serviceId (without a prototype: read with entryOf). */
  authorizations: Record<string, AuthorizationState>;
  /** Keyed by proposalId (without a prototype: read with entryOf). */
  proposals: Record<string, ProposalState>;
}

export const initialBindingState = (): BindingState => ({ authorizations: emptyDictionary(), proposals: emptyDictionary() });

/**
 * How an ACTIVE authorization ends by itself when its time comes, before any event says so: a
 * cancellation request left unanswered until its dueAt cancels it (if that came first), an
 * expiresAt that has passed expires it. undefined: it has not ended.
 */
export function lapseOf(
  authorization: AuthorizationState,
  now: Instant,
): { status: 'CANCELLED' | 'EXPIRED'; endReason: EndReason; endedAt: Instant } | undefined {
  if (authorization.status !== 'ACTIVE') return undefined;
  const due = authorization.cancellationRequest?.dueAt;
  if (due !== undefined && due <= now && due <= authorization.expiresAt)
    return { status: 'CANCELLED', endReason: 'PARTNER_CANCELLATION_TIMEOUT', endedAt: due };
  if (authorization.expiresAt <= now) return { status: 'EXPIRED', endReason: 'EXPIRED', endedAt: authorization.expiresAt };
  return undefined;
}

/** The status everyone sees: an ACTIVE authorization whose time has come has ended, event or not. */
export function effectiveStatus(authorization: AuthorizationState, now: Instant): AuthorizationStatus {
  return lapseOf(authorization, now)?.status ?? authorization.status;
}

export function isEffectivelyActive(authorization: AuthorizationState, now: Instant): authorization is ActiveAuthorization {
  return effectiveStatus(authorization, now) === 'ACTIVE';
}

export function findAuthorization(state: BindingState, authorizationId: string): AuthorizationState | undefined {
  const key = parseAuthorizationId(authorizationId);
  const authorization = key && entryOf(state.authorizations, key.serviceId);
  return authorization?.authorizationId === authorizationId ? authorization : undefined;
}

function ended(a: AuthorizationState, status: EndedAuthorization['status'], endReason: EndReason, at: Instant): EndedAuthorization {
  const { cancellationRequest: _dropped, ...rest } = a as ActiveAuthorization;
  return { ...rest, status, endReason, endedAt: at, updatedAt: at, revision: a.revision + 1 };
}

function touch<T extends AuthorizationState>(a: T, at: Instant, patch: Partial<T>): T {
  return { ...a, ...patch, updatedAt: at, revision: a.revision + 1 };
}

export function evolveAuthorization(a: AuthorizationState | undefined, event: AuthorizationEvent): AuthorizationState | undefined {
  if (event.type === 'AuthorizationGranted') {
    const { proposalId, ...d } = event.data;
    const granted: ActiveAuthorization = {
      ...d,
      status: 'ACTIVE',
      updatedAt: d.grantedAt,
      revision: (a?.revision ?? 0) + 1,
    };
    if (proposalId) granted.proposalId = proposalId;
    if (a?.cancellationRejectedAt) granted.cancellationRejectedAt = a.cancellationRejectedAt;
    return granted;
  }
  if (!a) return a;
  switch (event.type) {
    case 'AuthorizationScopesChanged':
      return touch(a, event.data.changedAt, { scopes: event.data.scopes });
    case 'AuthorizationAutoRenewChanged':
      return touch(a, event.data.changedAt, { autoRenew: event.data.autoRenew });
    case 'AuthorizationRenewalRequested':
      return touch(a, event.data.requestedAt, { renewalRequestedAt: event.data.requestedAt });
    case 'AuthorizationRenewed': {
      // Renewing answers a renewal request, shows a removed authorization again and ends nothing.
      const {
        renewalRequestedAt: _answered,
        removedAt: _shown,
        endedAt: _e,
        endReason: _r,
        status: _s,
        ...facts
      } = a as AuthorizationFacts & {
        cancellationRequest?: CancellationRequest;
        endedAt?: Instant;
        endReason?: EndReason;
        status: string;
      };
      const { renewedAt, expiresAt, autoRenewed } = event.data;
      // The seller renewing one that had run out (EXPIRED for everyone, recorded or not): a pending
      // cancellation request lapsed with it, as AuthorizationExpired drops it.
      if (!autoRenewed && a.expiresAt <= renewedAt) delete facts.cancellationRequest;
      return { ...facts, status: 'ACTIVE', renewedAt, expiresAt, updatedAt: renewedAt, revision: a.revision + 1 };
    }
    case 'AuthorizationCancellationRequested': {
      const { reason, note, requestedAt, dueAt } = event.data;
      const request: CancellationRequest = note === undefined ? { requestedAt, reason, dueAt } : { requestedAt, reason, note, dueAt };
      return touch(a, requestedAt, { cancellationRequest: request } as Partial<AuthorizationState>);
    }
    case 'AuthorizationCancellationRejected': {
      const { cancellationRequest: _answered, ...rest } = a as ActiveAuthorization;
      return touch(rest as AuthorizationState, event.data.rejectedAt, { cancellationRejectedAt: event.data.rejectedAt });
    }
    case 'AuthorizationCancelled':
      return ended(a, 'CANCELLED', event.data.endReason, event.data.cancelledAt);
    case 'AuthorizationExpired':
      return ended(a, 'EXPIRED', 'EXPIRED', event.data.expiredAt);
    case 'AuthorizationDeactivated':
      return ended(a, 'DEACTIVATED', event.data.endReason, event.data.deactivatedAt);
    case 'AuthorizationRemoved':
      return touch(a, event.data.removedAt, { removedAt: event.data.removedAt });
  }
}

export function evolveProposal(p: ProposalState | undefined, event: ProposalEvent): ProposalState | undefined {
  if (event.type === 'ProposalCreated') {
    const { proposalId, partnerId, sellerId, sellerMarket, services, message, createdAt, expiresAt } = event.data;
    const created: ProposalState = { proposalId, partnerId, sellerId, sellerMarket, services, createdAt, expiresAt, status: 'PENDING' };
    if (message !== undefined) created.message = message;
    return created;
  }
  if (!p) return p;
  const end = (status: Exclude<ProposalStatus, 'PENDING'>, endedAt: Instant, endReason?: string): ProposalState => {
    const next: ProposalState = { ...p, status, endedAt };
    if (endReason !== undefined) next.endReason = endReason;
    return next;
  };
  switch (event.type) {
    case 'ProposalWithdrawn':
      return end('WITHDRAWN', event.data.withdrawnAt);
    case 'ProposalSigned':
      return end('SIGNED', event.data.signedAt);
    case 'ProposalDeclined':
      return end('DECLINED', event.data.declinedAt, event.data.reason);
    case 'ProposalExpired':
      return end('EXPIRED', event.data.expiredAt);
    case 'ProposalFailed':
      return end('FAILED', event.data.failedAt, event.data.reason);
  }
}

export function evolveBinding(state: BindingState, event: BindingEvent): BindingState {
  if (event.type.startsWith('Proposal')) {
    const e = event as ProposalEvent;
    const next = evolveProposal(entryOf(state.proposals, e.data.proposalId), e);
    return next ? { ...state, proposals: withEntry(state.proposals, e.data.proposalId, next) } : state;
  }
  const e = event as AuthorizationEvent;
  const next = evolveAuthorization(entryOf(state.authorizations, e.data.serviceId), e);
  return next ? { ...state, authorizations: withEntry(state.authorizations, e.data.serviceId, next) } : state;
}
