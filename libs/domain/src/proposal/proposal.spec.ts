// For US L2L & CB, a partner can also create a service proposal (offer) to sign with a seller.
import { describe, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { CreateProposal, DeclineProposal, WithdrawProposal } from '../binding/commands.js';
import type { ProposalEvent } from '../binding/events.js';
import type { Market } from '../market/scopes.js';
import type { DomainErrorKind } from '../shared/errors.js';
import { givenFor } from '../testing/given.js';
import { admin, otherPartner, otherSeller, partner, partnerBanned, seller, sellerBanned, system } from '../testing/actors.js';
import { granted } from '../testing/authorization-events.js';
import { SHOP_SCOPES } from '../testing/market.js';
import { PROPOSAL_ID, createProposalOf, proposalCreated, proposalRef } from '../testing/proposals.js';
import { ADS, aService, deactivatedService } from '../testing/services.js';
import { T0, plusDays, plusMs } from '../testing/time.js';

const given = givenFor(bindingDecider);
const NOW = plusDays(T0, 2);
const EXPIRES = plusDays(T0, 30);
const onProposal = (actor: typeof partner, now = NOW) => ({ actor, now, bans: { partner: false, seller: false }, proposalId: PROPOSAL_ID });
const withdrawn: ProposalEvent = { type: 'ProposalWithdrawn', data: { ...proposalRef, withdrawnAt: NOW } };
const declined: ProposalEvent = { type: 'ProposalDeclined', data: { ...proposalRef, declinedAt: NOW } };

describe('the partner creates a proposal', () => {
  it('to a US L2L seller: PENDING until it expires', () => {
    given()
      .when(createProposalOf({ message: 'Let us grow together' }))
      .then(proposalCreated({ message: 'Let us grow together' }));
  });

  it('to a US CB seller: no authorized object there', () => {
    const scopes = { shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true };
    given()
      .when(createProposalOf({ sellerMarket: 'US_CB', services: [{ serviceId: ADS, service: aService(), scopes, validityDays: 30 }] }))
      .then(proposalCreated({ sellerMarket: 'US_CB', services: [{ serviceId: ADS, serviceName: 'Ads optimisation', scopes, validityDays: 30 }] }));
  });

  it('it expires after the days the partner chose', () => {
    given()
      .when(createProposalOf({ expiresInDays: 90 }))
      .then(proposalCreated({ expiresAt: plusDays(T0, 90) }));
  });

  it("without a validity the service's applies", () => {
    const services = [{ serviceId: ADS, service: aService(), scopes: SHOP_SCOPES }];
    given()
      .when(createProposalOf({ services }))
      .then(proposalCreated({ services: [{ serviceId: ADS, serviceName: 'Ads optimisation', scopes: SHOP_SCOPES, validityDays: 180 }] }));
  });

  it.each<Market>(['EU', 'SEA', 'OTHER'])('proposals exist in US L2L and US CB only: %s is 422 on sellerMarket', (sellerMarket) => {
    const scopes = { dataCompass: true };
    given()
      .when(createProposalOf({ sellerMarket, services: [{ serviceId: ADS, service: aService(), scopes }] }))
      .thenRefused('Rule', 'PROPOSAL.MARKET_NOT_OFFERED', ['sellerMarket']);
  });

  it('the days to sign are 1 to 90: else 422', () => {
    given()
      .when(createProposalOf({ expiresInDays: 0 }))
      .thenRefused('Rule', 'PROPOSAL.EXPIRY_OUT_OF_RANGE', ['expiresInDays']);
    given()
      .when(createProposalOf({ expiresInDays: 91 }))
      .thenRefused('Rule', 'PROPOSAL.EXPIRY_OUT_OF_RANGE', ['expiresInDays']);
  });

  it('it proposes at least one service, each once: else 422', () => {
    given()
      .when(createProposalOf({ services: [] }))
      .thenRefused('Rule', 'PROPOSAL.EMPTY', ['services']);
    const item = createProposalOf().services[0]!;
    given()
      .when(createProposalOf({ services: [item, item] }))
      .thenRefused('Rule', 'PROPOSAL.DUPLICATE_SERVICE', ['services[1].serviceId']);
  });

  it('it proposes only what the seller could grant: the market rules apply (422)', () => {
    const noObject = [{ serviceId: ADS, service: aService(), scopes: { dataCompass: true } }];
    given()
      .when(createProposalOf({ services: noObject }))
      .thenRefused('Rule', 'AUTHORIZATION.SCOPE_NOT_OFFERED', ['services[0].scopes.authorizedObject']);
    const roles = [{ serviceId: ADS, service: aService(), scopes: { dataCompass: true, sellerCenterRoles: ['ADS_MANAGER' as const] } }];
    given()
      .when(createProposalOf({ sellerMarket: 'US_CB', services: roles }))
      .thenRefused('Rule', 'AUTHORIZATION.SCOPE_NOT_OFFERED', ['services[0].scopes.sellerCenterRoles']);
  });

  it('a custom service not made for this seller: 422', () => {
    const custom = aService({ visibility: 'CUSTOM', sellerIds: [otherSeller.sub] });
    given()
      .when(createProposalOf({ services: [{ serviceId: ADS, service: custom, scopes: SHOP_SCOPES }] }))
      .thenRefused('Rule', 'SERVICE.NOT_OFFERED_TO_SELLER', ['services[0].serviceId']);
  });

  it('a service of another partner: 404', () => {
    const foreign = aService({ partnerId: otherPartner.sub });
    given()
      .when(createProposalOf({ services: [{ serviceId: ADS, service: foreign, scopes: SHOP_SCOPES }] }))
      .thenRefused('NotFound', 'SERVICE.NOT_FOUND');
  });

  it('a deactivated service, or one the seller already authorized: 409', () => {
    given()
      .when(createProposalOf({ services: [{ serviceId: ADS, service: deactivatedService(), scopes: SHOP_SCOPES }] }))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED');
    given(granted())
      .when(createProposalOf({ now: plusDays(T0, 1) }))
      .thenRefused('Conflict', 'AUTHORIZATION.ALREADY_ACTIVE');
  });

  it.each<[string, Partial<CreateProposal>, DomainErrorKind, string]>([
    ['to a banned seller: 409', { bans: sellerBanned }, 'Conflict', 'SELLER.BANNED'],
    ['by a banned partner: 403', { bans: partnerBanned }, 'Forbidden', 'PARTNER.BANNED'],
    ['only the partner itself proposes: a seller is 403', { actor: seller }, 'Forbidden', 'PROPOSAL.PARTNERS_ONLY'],
    ['only the partner itself proposes: an admin is 403', { actor: admin }, 'Forbidden', 'PROPOSAL.PARTNERS_ONLY'],
    ['only the partner itself proposes: another partner is 403', { actor: otherPartner }, 'Forbidden', 'PROPOSAL.PARTNERS_ONLY'],
  ])('%s', (_case, patch, kind, code) => {
    given().when(createProposalOf(patch)).thenRefused(kind, code);
  });

  it('a proposal id used before: 409', () => {
    given(proposalCreated())
      .when(createProposalOf({ now: NOW }))
      .thenRefused('Conflict', 'PROPOSAL.ID_TAKEN');
  });
});

const withdraw = (actor = partner, now = NOW) => ({ type: 'WithdrawProposal' as const, ...onProposal(actor, now) });
const decline = (actor = seller, now = NOW, reason?: string) => ({ type: 'DeclineProposal' as const, ...onProposal(actor, now), ...(reason && { reason }) });

describe('the partner withdraws its proposal while PENDING', () => {
  it('PENDING: WITHDRAWN', () => given(proposalCreated()).when(withdraw()).then(withdrawn));
});

describe('the seller declines a proposal while PENDING', () => {
  it('PENDING: DECLINED, with the reason', () => {
    given(proposalCreated())
      .when(decline(seller, NOW, 'not now'))
      .then({ type: 'ProposalDeclined', data: { ...proposalRef, reason: 'not now', declinedAt: NOW } });
  });
});

// Withdrawing and declining guard alike: the proposal is still PENDING, and only its own party ends it.
describe('a proposal withdrawn or declined when it is no longer PENDING, or by anyone else', () => {
  const later = plusDays(T0, 3);

  it.each<[string, ProposalEvent[], WithdrawProposal | DeclineProposal, DomainErrorKind, string]>([
    ['withdrawing one already declined: 409', [proposalCreated(), declined], withdraw(partner, later), 'Conflict', 'PROPOSAL.NOT_PENDING'],
    ['declining one already withdrawn: 409', [proposalCreated(), withdrawn], decline(seller, later), 'Conflict', 'PROPOSAL.NOT_PENDING'],
    ['withdrawing past its expiresAt: 409', [proposalCreated()], withdraw(partner, EXPIRES), 'Conflict', 'PROPOSAL.EXPIRED'],
    ['declining past its expiresAt: 409', [proposalCreated()], decline(seller, EXPIRES), 'Conflict', 'PROPOSAL.EXPIRED'],
    ['the seller cannot withdraw it: 403', [proposalCreated()], withdraw(seller), 'Forbidden', 'PROPOSAL.ROLE_FORBIDDEN'],
    ['the partner cannot decline it: 403', [proposalCreated()], decline(partner), 'Forbidden', 'PROPOSAL.ROLE_FORBIDDEN'],
    ["withdrawing another partner's proposal: 404", [proposalCreated()], withdraw(otherPartner), 'NotFound', 'PROPOSAL.NOT_FOUND'],
    ['withdrawing a proposal never made: 404', [], withdraw(), 'NotFound', 'PROPOSAL.NOT_FOUND'],
    ['declining a proposal addressed to another seller: 404', [proposalCreated()], decline(otherSeller), 'NotFound', 'PROPOSAL.NOT_FOUND'],
  ])('%s', (_case, history, command, kind, code) => {
    given(...history)
      .when(command)
      .thenRefused(kind, code);
  });
});

describe('the system expires an unsigned proposal', () => {
  const expire = (now: string, actor = system('proposal-expiry')) => ({ type: 'ExpireProposal' as const, ...onProposal(actor, now) });

  it('at or after expiresAt: EXPIRED as of expiresAt', () => {
    given(proposalCreated())
      .when(expire(EXPIRES))
      .then({ type: 'ProposalExpired', data: { ...proposalRef, expiredAt: EXPIRES } });
    given(proposalCreated())
      .when(expire(plusDays(EXPIRES, 1)))
      .then({ type: 'ProposalExpired', data: { ...proposalRef, expiredAt: EXPIRES } });
  });
  it('before expiresAt: nothing', () =>
    given(proposalCreated())
      .when(expire(plusMs(EXPIRES, -1)))
      .thenNothing());
  it('already ended: nothing', () => given(proposalCreated(), declined).when(expire(EXPIRES)).thenNothing());
  it('no such proposal: nothing', () => given().when(expire(EXPIRES)).thenNothing());
  it('system only: 403 for anyone else', () => {
    given(proposalCreated()).when(expire(EXPIRES, partner)).thenRefused('Forbidden', 'SYSTEM.ONLY');
    given(proposalCreated()).when(expire(EXPIRES, admin)).thenRefused('Forbidden', 'SYSTEM.ONLY');
  });
});
