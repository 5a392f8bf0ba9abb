// Who may act on what: visibility first (404 for what the caller may not see), then the role
// (403), and a banned principal's commands are 403.
import type { Actor } from '../shared/decider.js';
import { entryOf } from '../shared/dictionary.js';
import { forbidden, notFound, precondition } from '../shared/errors.js';
import type { Bans } from './commands.js';
import { type AuthorizationState, type BindingState, findAuthorization, type ProposalState } from './state.js';

type Role = Actor['role'];

export function assertActorNotBanned(actor: Actor, bans: Bans): void {
  if (actor.role === 'partner' && bans.partner) throw forbidden('PARTNER.BANNED', 'this partner is banned');
  if (actor.role === 'seller' && bans.seller) throw forbidden('SELLER.BANNED', 'this seller is banned');
}

export function assertSystem(actor: Actor): void {
  if (actor.role !== 'system') throw forbidden('SYSTEM.ONLY', 'only the system does this');
}

export function canSee(actor: Actor, party: { partnerId: string; sellerId: string }): boolean {
  switch (actor.role) {
    case 'partner':
      return actor.sub === party.partnerId;
    case 'seller':
      return actor.sub === party.sellerId;
    default:
      return true;
  }
}

interface OnAuthorization {
  actor: Actor;
  bans: Bans;
  authorizationId: string;
  ifMatch?: number;
}

export function authorizationFor(command: OnAuthorization, state: BindingState, roles: readonly Role[]): AuthorizationState {
  assertActorNotBanned(command.actor, command.bans);
  const authorization = findAuthorization(state, command.authorizationId);
  if (!authorization || !canSee(command.actor, authorization)) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
  if (!roles.includes(command.actor.role))
    throw forbidden('AUTHORIZATION.ROLE_FORBIDDEN', `a ${command.actor.role} may not do this; it is for: ${roles.join(', ')}`);
  if (command.ifMatch !== undefined && command.ifMatch !== authorization.revision)
    throw precondition('AUTHORIZATION.REVISION_MISMATCH', `If-Match revision ${command.ifMatch} is not the current revision ${authorization.revision}`);
  return authorization;
}

interface OnProposal {
  actor: Actor;
  bans: Bans;
  proposalId: string;
}

export function proposalFor(command: OnProposal, state: BindingState, roles: readonly Role[]): ProposalState {
  assertActorNotBanned(command.actor, command.bans);
  const proposal = entryOf(state.proposals, command.proposalId);
  if (!proposal || !canSee(command.actor, proposal)) throw notFound('PROPOSAL.NOT_FOUND', 'no such proposal');
  if (!roles.includes(command.actor.role))
    throw forbidden('PROPOSAL.ROLE_FORBIDDEN', `a ${command.actor.role} may not do this; it is for: ${roles.join(', ')}`);
  return proposal;
}

/** Every authorization event names the same four ids. */
export const refOf = (a: AuthorizationState) => ({
  authorizationId: a.authorizationId,
  partnerId: a.partnerId,
  sellerId: a.sellerId,
  serviceId: a.serviceId,
});
