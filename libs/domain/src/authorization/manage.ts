// The seller manages its authorizations on the my service page (edit, renew, cancel, remove);
// the partner asks for a renewal; an operator deactivates.
import { conflict, forbidden, ruleBroken } from '../shared/errors.js';
import { addDays } from '../shared/time.js';
import { scopeErrors } from '../market/market-rules.js';
import { normalizeScopes, sameScopes } from '../market/scopes.js';
import type {
  CancelAuthorization,
  DeactivateAuthorization,
  EditAuthorization,
  RemoveAuthorization,
  RenewAuthorization,
  RequestAuthorizationRenewal,
} from '../binding/commands.js';
import type { AuthorizationEvent } from '../binding/events.js';
import { authorizationFor, refOf } from '../binding/guards.js';
import { type AuthorizationState, type BindingState, effectiveStatus, findAuthorization } from '../binding/state.js';

function assertActive(a: AuthorizationState, now: string, doing: string): void {
  const status = effectiveStatus(a, now);
  if (status !== 'ACTIVE') throw conflict('AUTHORIZATION.NOT_ACTIVE', `cannot ${doing} an authorization that is ${status}`);
}

export function editAuthorization(command: EditAuthorization, state: BindingState): AuthorizationEvent[] {
  const a = authorizationFor(command, state, ['seller']);
  if (command.scopes === undefined && command.autoRenew === undefined)
    throw ruleBroken('AUTHORIZATION.EDIT_NOTHING', 'give scopes or autoRenew', [{ field: 'scopes', message: 'give scopes or autoRenew' }]);
  assertActive(a, command.now, 'edit');
  const events: AuthorizationEvent[] = [];
  const at = command.now;
  if (command.scopes !== undefined) {
    if (!command.service || command.service.status !== 'ACTIVE') throw conflict('SERVICE.DEACTIVATED', 'the service is deactivated');
    const scopes = normalizeScopes(command.scopes);
    const errors = scopeErrors(scopes, command.service.requestedScopes, a.market, at, command.settings, 'scopes');
    if (errors.length) throw ruleBroken('AUTHORIZATION.SCOPE_NOT_OFFERED', errors.map((e) => e.message).join('; '), errors);
    if (!sameScopes(scopes, a.scopes)) events.push({ type: 'AuthorizationScopesChanged', data: { ...refOf(a), scopes, changedAt: at } });
  }
  if (command.autoRenew !== undefined && command.autoRenew !== a.autoRenew)
    events.push({ type: 'AuthorizationAutoRenewChanged', data: { ...refOf(a), autoRenew: command.autoRenew, changedAt: at } });
  return events;
}

export function renewAuthorization(command: RenewAuthorization, state: BindingState): AuthorizationEvent[] {
  const a = authorizationFor(command, state, ['seller']);
  const status = effectiveStatus(a, command.now);
  if (status !== 'ACTIVE' && status !== 'EXPIRED') throw conflict('AUTHORIZATION.NOT_RENEWABLE', `cannot renew an authorization that is ${status}`);
  if (!command.service || command.service.status !== 'ACTIVE') throw conflict('SERVICE.DEACTIVATED', 'the service is deactivated');
  if (command.bans.partner) throw conflict('PARTNER.BANNED', 'the partner is banned');
  const data = { ...refOf(a), renewedAt: command.now, expiresAt: addDays(command.now, a.validityDays), autoRenewed: false };
  return [{ type: 'AuthorizationRenewed', data }];
}

export function requestAuthorizationRenewal(command: RequestAuthorizationRenewal, state: BindingState): AuthorizationEvent[] {
  const a = authorizationFor(command, state, ['partner']);
  const status = effectiveStatus(a, command.now);
  if (status !== 'ACTIVE' && status !== 'EXPIRED') throw conflict('AUTHORIZATION.NOT_RENEWABLE', `cannot ask to renew an authorization that is ${status}`);
  return [{ type: 'AuthorizationRenewalRequested', data: { ...refOf(a), requestedAt: command.now } }];
}

export function cancelAuthorization(command: CancelAuthorization, state: BindingState): AuthorizationEvent[] {
  const a = authorizationFor(command, state, ['seller']);
  assertActive(a, command.now, 'cancel');
  const data = {
    ...refOf(a),
    endReason: 'SELLER_CANCELLED' as const,
    cancelledAt: command.now,
    ...(command.reason !== undefined && { reason: command.reason }),
  };
  return [{ type: 'AuthorizationCancelled', data }];
}

export function removeAuthorization(command: RemoveAuthorization, state: BindingState): AuthorizationEvent[] {
  const a = authorizationFor(command, state, ['seller']);
  if (effectiveStatus(a, command.now) === 'ACTIVE') throw conflict('AUTHORIZATION.STILL_ACTIVE', 'an ACTIVE authorization cannot be removed: cancel it first');
  if (a.removedAt) throw conflict('AUTHORIZATION.ALREADY_REMOVED', 'the authorization is already removed from the seller page');
  return [{ type: 'AuthorizationRemoved', data: { ...refOf(a), removedAt: command.now } }];
}

/** An operator deactivates (409 unless ACTIVE); the system's cascades do it quietly (no events). */
export function deactivateAuthorization(command: DeactivateAuthorization, state: BindingState): AuthorizationEvent[] {
  const role = command.actor.role;
  if (role !== 'admin' && role !== 'system') throw forbidden('AUTHORIZATION.ADMIN_ONLY', 'only an operator deactivates an authorization');
  if (role === 'system') {
    const a = findAuthorization(state, command.authorizationId);
    // An expired one is the expiry process's to end; an ended one is already where it should be.
    if (!a || effectiveStatus(a, command.now) !== 'ACTIVE') return [];
    return [deactivated(a, command)];
  }
  const a = authorizationFor(command, state, ['admin']);
  assertActive(a, command.now, 'deactivate');
  return [deactivated(a, command)];
}

function deactivated(a: AuthorizationState, command: DeactivateAuthorization): AuthorizationEvent {
  const data = { ...refOf(a), endReason: command.endReason, deactivatedAt: command.now, ...(command.reason !== undefined && { reason: command.reason }) };
  return { type: 'AuthorizationDeactivated', data };
}
