// May this partner do this on this seller now? Decided on the binding as read from the event
// store, so a cancel is denied from the very next call.
import type { Instant } from '../shared/time.js';
import { type Permission, scopesAllow } from '../market/permissions.js';
import type { Bans } from '../binding/commands.js';
import { type AuthorizationState, type BindingState, effectiveStatus, lapseOf } from '../binding/state.js';

export type AccessReason = 'ALLOWED' | 'NO_AUTHORIZATION' | 'SCOPE_NOT_GRANTED' | 'EXPIRED' | 'CANCELLED' | 'DEACTIVATED';

export interface AccessCheck {
  allowed: boolean;
  reason: AccessReason;
  authorizationIds: string[];
  expiresAt?: Instant;
}

export interface AccessFacts {
  binding: BindingState;
  permission: Permission;
  now: Instant;
  bans: Bans;
  /** Status of the services of the binding's authorizations, as read from their streams. */
  serviceStatus: (serviceId: string) => 'ACTIVE' | 'DEACTIVATED' | undefined;
}

/** The status an authorization has for access now: a deactivated service or a ban ends it at once. */
function accessStatus(a: AuthorizationState, facts: AccessFacts): AuthorizationState['status'] {
  const status = effectiveStatus(a, facts.now);
  if (status !== 'ACTIVE') return status;
  if (facts.bans.partner || facts.bans.seller || facts.serviceStatus(a.serviceId) !== 'ACTIVE') return 'DEACTIVATED';
  return 'ACTIVE';
}

export function checkAccess(facts: AccessFacts): AccessCheck {
  const all = Object.values(facts.binding.authorizations);
  if (all.length === 0) return { allowed: false, reason: 'NO_AUTHORIZATION', authorizationIds: [] };
  const granting = all.filter((a) => scopesAllow(a.scopes, facts.permission)).map((a) => ({ a, status: accessStatus(a, facts) }));
  const allowing = granting.filter((g) => g.status === 'ACTIVE').map((g) => g.a);
  if (allowing.length) {
    const expiresAt = allowing.map((a) => a.expiresAt).reduce((x, y) => (x > y ? x : y));
    return { allowed: true, reason: 'ALLOWED', authorizationIds: allowing.map((a) => a.authorizationId).sort(), expiresAt };
  }
  if (granting.length === 0) return { allowed: false, reason: 'SCOPE_NOT_GRANTED', authorizationIds: [] };
  // The authorization that granted it and ended last says why it no longer does, even when
  // another one, which never granted it, is still ACTIVE.
  const endOf = (g: (typeof granting)[number]) => (g.a.status === 'ACTIVE' ? (lapseOf(g.a, facts.now)?.endedAt ?? facts.now) : g.a.endedAt);
  const last = granting.reduce((x, y) => (endOf(y) > endOf(x) ? y : x));
  return { allowed: false, reason: last.status as Exclude<AccessReason, 'ALLOWED'>, authorizationIds: [] };
}
