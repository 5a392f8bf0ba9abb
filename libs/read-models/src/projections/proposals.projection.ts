// Proposals for both sides: one document per proposal, folded by the binding's evolve.
import { evolveProposal, type ProposalEvent, type ProposalState } from '#libs/domain';
import type { Projection } from '../projection.js';

export type ProposalDocument = ProposalState;

export const proposalsProjection: Projection<ProposalDocument> = {
  name: 'proposals',
  collection: 'proposals',
  // evolveProposal returns a new object every time and never changes the one it is given.
  evolves: 'fresh',
  handles: ['ProposalCreated', 'ProposalWithdrawn', 'ProposalSigned', 'ProposalDeclined', 'ProposalExpired', 'ProposalFailed'],
  documentIds: (event) => [event.data.proposalId],
  evolve: (document, event) => evolveProposal(document ?? undefined, event as unknown as ProposalEvent) ?? null,
};
