// The views of API.md, computed from decider state at a given instant: an ACTIVE authorization
// whose expiresAt has passed shows EXPIRED, ended at expiresAt.
import type { Instant } from '../shared/time.js';
import type { Market, Scopes } from '../market/scopes.js';
import type { EndReason } from '../binding/events.js';
import {
  type AuthorizationFacts,
  type AuthorizationState,
  type AuthorizationStatus,
  type CancellationRequest,
  lapseOf,
  type ProposalState,
  type ProposalStatus,
} from '../binding/state.js';

export interface AuthorizationView extends AuthorizationFacts {
  status: AuthorizationStatus;
  cancellationRequest?: CancellationRequest;
  endedAt?: Instant;
  endReason?: EndReason;
}

export function authorizationView(a: AuthorizationState, now: Instant): AuthorizationView {
  const { status: _s, ...rest } = a;
  const view = { ...rest } as AuthorizationView;
  const lapse = lapseOf(a, now);
  if (lapse) {
    delete view.cancellationRequest;
    return { ...view, ...lapse };
  }
  return { ...view, status: a.status };
}

export interface ProposalView {
  proposalId: string;
  partnerId: string;
  sellerId: string;
  sellerMarket: Market;
  services: { serviceId: string; serviceName: string; scopes: Scopes; validityDays: number }[];
  message?: string;
  status: ProposalStatus;
  createdAt: Instant;
  expiresAt: Instant;
  endedAt?: Instant;
  endReason?: string;
}

export function proposalView(p: ProposalState, now: Instant): ProposalView {
  if (p.status === 'PENDING' && p.expiresAt <= now) return { ...p, status: 'EXPIRED', endedAt: p.expiresAt };
  return { ...p };
}
