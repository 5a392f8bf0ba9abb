// US L2L and cross-border partners may send a seller a proposal (an offer) to sign. Signing
// grants the proposed services as one grant, in the same append; if one can no longer be
// granted the proposal ends FAILED with the reason.
import { entryOf } from '../shared/dictionary.js';
import { conflict, fieldRule, forbidden, ruleBroken } from '../shared/errors.js';
import { addDays } from '../shared/time.js';
import { PROPOSAL_MARKETS } from '../market/market-rules.js';
import type { CreateProposal, DeclineProposal, ExpireProposal, SignProposal, WithdrawProposal } from '../binding/commands.js';
import type { BindingEvent, ProposalEvent, ProposedService } from '../binding/events.js';
import { assertActorNotBanned, assertSystem, proposalFor } from '../binding/guards.js';
import type { BindingState, ProposalState } from '../binding/state.js';
import { duplicateServiceErrors, grantProblems, refusalOf } from '../authorization/grantability.js';
import { grantedEvent } from '../authorization/grant.js';

export const DEFAULT_PROPOSAL_DAYS = 30;
export const MAX_PROPOSAL_DAYS = 90;

const refOf = (p: ProposalState) => ({ proposalId: p.proposalId, partnerId: p.partnerId, sellerId: p.sellerId });

function assertPending(p: ProposalState, now: string): void {
  if (p.status !== 'PENDING') throw conflict('PROPOSAL.NOT_PENDING', `the proposal is ${p.status}`);
  if (p.expiresAt <= now) throw conflict('PROPOSAL.EXPIRED', 'the proposal has expired');
}

export function createProposal(command: CreateProposal, state: BindingState): ProposalEvent[] {
  const { actor } = command;
  if (actor.role !== 'partner' || actor.sub !== command.partnerId) throw forbidden('PROPOSAL.PARTNERS_ONLY', 'only a partner sends a proposal');
  assertActorNotBanned(actor, command.bans);
  if (entryOf(state.proposals, command.proposalId)) throw conflict('PROPOSAL.ID_TAKEN', 'this proposal id is taken');
  if (!PROPOSAL_MARKETS.includes(command.sellerMarket))
    throw fieldRule('PROPOSAL.MARKET_NOT_OFFERED', 'sellerMarket', `proposals exist in ${PROPOSAL_MARKETS.join(' and ')} only`);
  if (!Number.isInteger(command.expiresInDays) || command.expiresInDays < 1 || command.expiresInDays > MAX_PROPOSAL_DAYS)
    throw fieldRule('PROPOSAL.EXPIRY_OUT_OF_RANGE', 'expiresInDays', `from 1 to ${MAX_PROPOSAL_DAYS} days`);
  if (command.services.length === 0) throw fieldRule('PROPOSAL.EMPTY', 'services', 'propose at least one service');
  const duplicates = duplicateServiceErrors(
    command.services.map((s) => s.serviceId),
    'services',
  );
  if (duplicates.length) throw ruleBroken('PROPOSAL.DUPLICATE_SERVICE', 'a service appears twice', duplicates);
  const ctx = { ...command, market: command.sellerMarket, invisibleServiceIs: 'Rule' as const };
  const checked = command.services.map((item, i) => grantProblems(item, `services[${i}]`, ctx, state));
  const refusal = refusalOf(checked.flatMap((c) => c.problems));
  if (refusal) throw refusal;
  const services: ProposedService[] = checked.map(({ grantable }) => ({
    serviceId: grantable!.service.serviceId,
    serviceName: grantable!.service.name,
    scopes: grantable!.scopes,
    validityDays: grantable!.validityDays,
  }));
  const data = {
    proposalId: command.proposalId,
    partnerId: command.partnerId,
    sellerId: command.sellerId,
    sellerMarket: command.sellerMarket,
    services,
    ...(command.message !== undefined && { message: command.message }),
    createdAt: command.now,
    expiresAt: addDays(command.now, command.expiresInDays),
  };
  return [{ type: 'ProposalCreated', data }];
}

export function withdrawProposal(command: WithdrawProposal, state: BindingState): ProposalEvent[] {
  const p = proposalFor(command, state, ['partner']);
  assertPending(p, command.now);
  return [{ type: 'ProposalWithdrawn', data: { ...refOf(p), withdrawnAt: command.now } }];
}

export function declineProposal(command: DeclineProposal, state: BindingState): ProposalEvent[] {
  const p = proposalFor(command, state, ['seller']);
  assertPending(p, command.now);
  const data = { ...refOf(p), declinedAt: command.now, ...(command.reason !== undefined && { reason: command.reason }) };
  return [{ type: 'ProposalDeclined', data }];
}

/**
 * Returns [ProposalSigned, AuthorizationGranted...] or, when a service can no longer be granted,
 * [ProposalFailed]: the shell appends it and answers 409 with the reason.
 */
export function signProposal(command: SignProposal, state: BindingState): BindingEvent[] {
  const p = proposalFor(command, state, ['seller']);
  assertPending(p, command.now);
  if (command.market !== p.sellerMarket)
    throw fieldRule('PROPOSAL.MARKET_MISMATCH', 'market', `the proposal is for a ${p.sellerMarket} seller; this seller is in ${command.market}`);
  const ctx = { ...command, partnerId: p.partnerId, sellerId: p.sellerId, market: p.sellerMarket, invisibleServiceIs: 'Rule' as const };
  const checked = p.services.map((s, i) => ({
    ...grantProblems({ ...s, service: entryOf(command.services, s.serviceId) }, `services[${i}]`, ctx, state),
    proposed: s,
  }));
  const failure = checked.find((c) => c.problems.length);
  if (failure) {
    const problem = failure.problems[0]!;
    const data = { ...refOf(p), reason: problem.code, detail: problem.message, serviceId: failure.proposed.serviceId, failedAt: command.now };
    return [{ type: 'ProposalFailed', data }];
  }
  const granted = checked.map(({ grantable }) =>
    grantedEvent({ ...p, market: p.sellerMarket }, { ...grantable!, autoRenew: false }, command.now, p.proposalId),
  );
  const signed: ProposalEvent = {
    type: 'ProposalSigned',
    data: { ...refOf(p), authorizationIds: granted.map((g) => g.data.authorizationId), signedAt: command.now },
  };
  return [signed, ...granted];
}

export function expireProposal(command: ExpireProposal, state: BindingState): ProposalEvent[] {
  assertSystem(command.actor);
  const p = entryOf(state.proposals, command.proposalId);
  if (!p || p.status !== 'PENDING' || p.expiresAt > command.now) return [];
  return [{ type: 'ProposalExpired', data: { ...refOf(p), expiredAt: p.expiresAt } }];
}
