// At expiresAt the system expires an authorization, or renews it when the seller turned
// auto-renew on and the service is still active (and nobody is banned).
import { addDays } from '../shared/time.js';
import type { ExpireAuthorization } from '../binding/commands.js';
import type { AuthorizationEvent } from '../binding/events.js';
import { assertSystem, refOf } from '../binding/guards.js';
import { type BindingState, findAuthorization } from '../binding/state.js';

export function expireAuthorization(command: ExpireAuthorization, state: BindingState): AuthorizationEvent[] {
  assertSystem(command.actor);
  const a = findAuthorization(state, command.authorizationId);
  if (!a || a.status !== 'ACTIVE' || a.expiresAt > command.now) return [];
  // A cancellation request that fell due first is the timeout's to settle.
  if (a.cancellationRequest && a.cancellationRequest.dueAt <= a.expiresAt) return [];
  const renewable = a.autoRenew && command.service?.status === 'ACTIVE' && !command.bans.partner && !command.bans.seller;
  if (renewable)
    return [
      { type: 'AuthorizationRenewed', data: { ...refOf(a), renewedAt: command.now, expiresAt: addDays(command.now, a.validityDays), autoRenewed: true } },
    ];
  return [{ type: 'AuthorizationExpired', data: { ...refOf(a), endReason: 'EXPIRED', expiredAt: a.expiresAt } }];
}
