// The seller opens the link and authorizes one or several services of that partner at once:
// all or nothing, in one append to the binding.
import { forbidden, ruleBroken } from '../shared/errors.js';
import { authorizationIdOf } from '../shared/ids.js';
import { addDays, type Instant } from '../shared/time.js';
import type { GrantAuthorizations } from '../binding/commands.js';
import type { AuthorizationGranted } from '../binding/events.js';
import { assertActorNotBanned } from '../binding/guards.js';
import type { BindingState } from '../binding/state.js';
import { duplicateServiceErrors, type Grantable, grantProblems, refusalOf } from './grantability.js';

export function grantedEvent(
  binding: { partnerId: string; sellerId: string; market: GrantAuthorizations['market'] },
  grant: Grantable & { autoRenew: boolean },
  now: Instant,
  proposalId?: string,
): AuthorizationGranted {
  const { serviceId, name } = grant.service;
  const data: AuthorizationGranted['data'] = {
    authorizationId: authorizationIdOf({ partnerId: binding.partnerId, sellerId: binding.sellerId, serviceId }),
    partnerId: binding.partnerId,
    sellerId: binding.sellerId,
    serviceId,
    serviceName: name,
    market: binding.market,
    scopes: grant.scopes,
    validityDays: grant.validityDays,
    autoRenew: grant.autoRenew,
    grantedAt: now,
    expiresAt: addDays(now, grant.validityDays),
  };
  if (proposalId) data.proposalId = proposalId;
  return { type: 'AuthorizationGranted', data };
}

export function grantAuthorizations(command: GrantAuthorizations, state: BindingState): AuthorizationGranted[] {
  const { actor } = command;
  if (actor.role !== 'seller' || actor.sub !== command.sellerId) throw forbidden('AUTHORIZATION.SELLERS_GRANT', 'only the seller grants an authorization');
  assertActorNotBanned(actor, command.bans);
  if (command.grants.length === 0) throw ruleBroken('GRANT.EMPTY', 'grant at least one service', [{ field: 'grants', message: 'at least one' }]);
  const duplicates = duplicateServiceErrors(
    command.grants.map((g) => g.serviceId),
    'grants',
  );
  if (duplicates.length) throw ruleBroken('GRANT.DUPLICATE_SERVICE', 'a service appears twice', duplicates);
  const ctx = { ...command, invisibleServiceIs: 'NotFound' as const };
  const checked = command.grants.map((grant, i) => ({ grant, ...grantProblems(grant, `grants[${i}]`, ctx, state) }));
  const refusal = refusalOf(checked.flatMap((c) => c.problems));
  if (refusal) throw refusal;
  return checked.map(({ grant, grantable }) => grantedEvent(command, { ...grantable!, autoRenew: grant.autoRenew === true }, command.now));
}
