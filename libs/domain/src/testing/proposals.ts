// partner-1's proposal to shop-1: what it asks and what it records.
import type { CreateProposal } from '../binding/commands.js';
import type { ProposalCreated, ProposalRef } from '../binding/events.js';
import { proposalIdOf } from '../shared/ids.js';
import { noBans, partner, seller } from './actors.js';
import { SHOP_SCOPES, settings } from './market.js';
import { ADS, aService } from './services.js';
import { T0, plusDays } from './time.js';

export const PROPOSAL_ID = proposalIdOf({ partnerId: partner.sub, sellerId: seller.sub, nonce: 'offer-1' });
export const proposalRef: ProposalRef = { proposalId: PROPOSAL_ID, partnerId: partner.sub, sellerId: seller.sub };

/** partner-1 offers shop-1, a US L2L seller, its ads service at T0 (30 days to sign). */
export function createProposalOf(overrides: Partial<CreateProposal> = {}): CreateProposal {
  return {
    type: 'CreateProposal',
    actor: partner,
    now: T0,
    bans: noBans,
    proposalId: PROPOSAL_ID,
    partnerId: partner.sub,
    sellerId: seller.sub,
    sellerMarket: 'US_L2L',
    services: [{ serviceId: ADS, service: aService(), scopes: SHOP_SCOPES, validityDays: 30 }],
    expiresInDays: 30,
    settings,
    ...overrides,
  };
}

/** The proposal createProposalOf() makes. */
export function proposalCreated(overrides: Partial<ProposalCreated['data']> = {}): ProposalCreated {
  return {
    type: 'ProposalCreated',
    data: {
      ...proposalRef,
      sellerMarket: 'US_L2L',
      services: [{ serviceId: ADS, serviceName: 'Ads optimisation', scopes: SHOP_SCOPES, validityDays: 30 }],
      createdAt: T0,
      expiresAt: plusDays(T0, 30),
      ...overrides,
    },
  };
}
