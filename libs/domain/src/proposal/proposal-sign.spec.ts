// The seller signs a proposal: the proposed services are granted as one grant, or, when one can
// no longer be granted, the proposal ends FAILED with the reason.
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { SignProposal } from '../binding/commands.js';
import type { ProposalEvent } from '../binding/events.js';
import type { DomainErrorKind } from '../shared/errors.js';
import { givenFor } from '../testing/given.js';
import { noBans, otherSeller, partner, partnerBanned, seller, sellerBanned } from '../testing/actors.js';
import { cancelled, granted, idOf } from '../testing/authorization-events.js';
import { SHOP_SCOPES, settings } from '../testing/market.js';
import { PROPOSAL_ID, proposalCreated, proposalRef } from '../testing/proposals.js';
import { ADS, aService, deactivatedService } from '../testing/services.js';
import { T0, plusDays } from '../testing/time.js';

const given = givenFor(bindingDecider);
const NOW = plusDays(T0, 2);
const reports = aService({ serviceId: 'svc-reports', name: 'Reports', requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true }, validityDays: 90 });
const reportsScopes = { authorizedObject: 'SHOP' as const, shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true };
const twoServices = proposalCreated({
  services: [
    { serviceId: ADS, serviceName: 'Ads optimisation', scopes: SHOP_SCOPES, validityDays: 30 },
    { serviceId: 'svc-reports', serviceName: 'Reports', scopes: reportsScopes, validityDays: 60 },
  ],
});

const sign = (patch: Partial<SignProposal> = {}): SignProposal => ({
  type: 'SignProposal',
  actor: seller,
  now: NOW,
  bans: noBans,
  proposalId: PROPOSAL_ID,
  market: 'US_L2L',
  services: { [ADS]: aService(), 'svc-reports': reports },
  settings,
  ...patch,
});
const failed = (reason: string, serviceId = ADS): ProposalEvent => ({
  type: 'ProposalFailed',
  data: { ...proposalRef, reason, detail: expect.any(String) as unknown as string, serviceId, failedAt: NOW },
});

describe('the seller signs', () => {
  it('the proposal is SIGNED and each service granted from now, naming the proposal, auto-renew off', () => {
    given(twoServices)
      .when(sign())
      .then(
        { type: 'ProposalSigned', data: { ...proposalRef, authorizationIds: [idOf(), idOf('svc-reports')], signedAt: NOW } },
        granted({ grantedAt: NOW, validityDays: 30, proposalId: PROPOSAL_ID, autoRenew: false }),
        granted({ serviceId: 'svc-reports', serviceName: 'Reports', scopes: reportsScopes, grantedAt: NOW, validityDays: 60, proposalId: PROPOSAL_ID }),
      );
  });

  it('a service the seller authorized before and cancelled is granted again under the same id', () => {
    given(granted(), cancelled(plusDays(T0, 1)), proposalCreated({ createdAt: plusDays(T0, 1) }))
      .when(sign())
      .then(
        { type: 'ProposalSigned', data: { ...proposalRef, authorizationIds: [idOf()], signedAt: NOW } },
        granted({ grantedAt: NOW, proposalId: PROPOSAL_ID }),
      );
  });

  it('afterwards the proposal is SIGNED and the authorization ACTIVE, remembering the proposal', () => {
    const events = given(twoServices).when(sign()).events();
    const state = given(twoServices, ...events).state();
    expect(state.proposals[PROPOSAL_ID]!.status).toBe('SIGNED');
    expect(state.authorizations[ADS]).toMatchObject({ status: 'ACTIVE', proposalId: PROPOSAL_ID });
  });
});

describe('a service can no longer be granted: the proposal ends FAILED with the reason', () => {
  it('the service was deactivated', () => {
    given(twoServices)
      .when(sign({ services: { [ADS]: aService(), 'svc-reports': { ...reports, status: 'DEACTIVATED' } } }))
      .then(failed('SERVICE.DEACTIVATED', 'svc-reports'));
  });

  it('the seller already authorized it meanwhile (ACTIVE)', () => {
    given(proposalCreated(), granted({ grantedAt: plusDays(T0, 1) }))
      .when(sign())
      .then(failed('AUTHORIZATION.ALREADY_ACTIVE'));
  });

  it('the partner was banned', () => {
    given(proposalCreated())
      .when(sign({ bans: partnerBanned }))
      .then(failed('PARTNER.BANNED'));
  });

  it('the service is gone', () => {
    given(proposalCreated())
      .when(sign({ services: {} }))
      .then(failed('SERVICE.NOT_FOUND'));
  });

  it('nothing is granted: only the failure is recorded', () => {
    const events = given(twoServices)
      .when(sign({ services: { [ADS]: deactivatedService(), 'svc-reports': reports } }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['ProposalFailed']);
    expect(given(twoServices, ...events).state().proposals[PROPOSAL_ID]).toMatchObject({ status: 'FAILED', endReason: 'SERVICE.DEACTIVATED' });
  });
});

describe('what the seller cannot sign', () => {
  it("a proposal for another market than the seller's: 422, nothing recorded", () => {
    given(proposalCreated())
      .when(sign({ market: 'US_CB' }))
      .thenRefused('Rule', 'PROPOSAL.MARKET_MISMATCH', ['market']);
  });

  it.each<[string, Partial<SignProposal>, DomainErrorKind, string]>([
    ['after its expiresAt: 409', { now: plusDays(T0, 30) }, 'Conflict', 'PROPOSAL.EXPIRED'],
    ['a proposal addressed to another seller: 404', { actor: otherSeller }, 'NotFound', 'PROPOSAL.NOT_FOUND'],
    ['the partner cannot sign its own proposal: 403', { actor: partner }, 'Forbidden', 'PROPOSAL.ROLE_FORBIDDEN'],
    ['a banned seller: 403', { bans: sellerBanned }, 'Forbidden', 'SELLER.BANNED'],
  ])('%s', (_case, patch, kind, code) => {
    given(proposalCreated()).when(sign(patch)).thenRefused(kind, code);
  });

  it('one already signed, declined or failed: 409', () => {
    const signed: ProposalEvent = { type: 'ProposalSigned', data: { ...proposalRef, authorizationIds: [idOf()], signedAt: plusDays(T0, 1) } };
    given(proposalCreated(), signed).when(sign()).thenRefused('Conflict', 'PROPOSAL.NOT_PENDING');
    const declined: ProposalEvent = { type: 'ProposalDeclined', data: { ...proposalRef, declinedAt: plusDays(T0, 1) } };
    given(proposalCreated(), declined).when(sign()).thenRefused('Conflict', 'PROPOSAL.NOT_PENDING');
  });
});
