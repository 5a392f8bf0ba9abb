// The due-time index: a document per ACTIVE authorization and per PENDING proposal, holding only
// their deadlines, deleted when they end. Processes find what fell due through its time-ordered
// indexes, never by scanning every authorization. The authorization's deadlines are derived from
// the binding's own evolve, so they cannot disagree with the decider.
import {
  type ActiveAuthorization,
  type AuthorizationDeadline,
  type AuthorizationEvent,
  type AuthorizationState,
  evolveAuthorization,
  reminderTimes,
} from '#libs/domain';
import type { CollectionSpec } from '../port.js';
import type { Projection } from '../projection.js';
import { AUTHORIZATION_EVENT_TYPES } from './authorizations.projection.js';

export type AuthorizationDeadlineDocument = AuthorizationDeadline & {
  /** What the binding's evolve needs to move these deadlines on the next event. */
  shadow: Pick<ActiveAuthorization, 'status' | 'expiresAt' | 'grantedAt' | 'renewedAt' | 'cancellationRequest' | 'revision' | 'validityDays'>;
};

export const DEADLINE_COLLECTIONS = {
  authorizations: {
    name: 'authorization_deadlines',
    equalityIndexes: [],
    orderedIndexes: ['expiresAt', 'cancellationDueAt', 'remind30At', 'remind7At', 'remind1At'],
  },
  proposals: { name: 'proposal_deadlines', equalityIndexes: [], orderedIndexes: ['expiresAt'] },
} satisfies Record<string, CollectionSpec>;

function deadlineOf(a: ActiveAuthorization): AuthorizationDeadlineDocument {
  const doc: AuthorizationDeadlineDocument = {
    authorizationId: a.authorizationId,
    partnerId: a.partnerId,
    sellerId: a.sellerId,
    serviceId: a.serviceId,
    expiresAt: a.expiresAt,
    ...reminderTimes(a.renewedAt ?? a.grantedAt, a.expiresAt),
    shadow: {
      status: 'ACTIVE',
      expiresAt: a.expiresAt,
      grantedAt: a.grantedAt,
      validityDays: a.validityDays,
      revision: a.revision,
      ...(a.renewedAt && { renewedAt: a.renewedAt }),
      ...(a.cancellationRequest && { cancellationRequest: a.cancellationRequest }),
    },
  };
  if (a.cancellationRequest) doc.cancellationDueAt = a.cancellationRequest.dueAt;
  return doc;
}

export const authorizationDeadlinesProjection: Projection<AuthorizationDeadlineDocument> = {
  name: 'authorization-deadlines',
  collection: DEADLINE_COLLECTIONS.authorizations.name,
  handles: AUTHORIZATION_EVENT_TYPES,
  documentIds: (event) => [event.data.authorizationId],
  evolve(document, event) {
    const before = document ? ({ ...document, ...document.shadow } as unknown as AuthorizationState) : undefined;
    const after = evolveAuthorization(before, event as unknown as AuthorizationEvent);
    return after?.status === 'ACTIVE' ? deadlineOf(after) : null;
  },
};

export interface ProposalDeadlineDocument {
  proposalId: string;
  partnerId: string;
  sellerId: string;
  expiresAt: string;
}

export const proposalDeadlinesProjection: Projection<ProposalDeadlineDocument> = {
  name: 'proposal-deadlines',
  collection: DEADLINE_COLLECTIONS.proposals.name,
  handles: ['ProposalCreated', 'ProposalWithdrawn', 'ProposalSigned', 'ProposalDeclined', 'ProposalExpired', 'ProposalFailed'],
  documentIds: (event) => [event.data.proposalId],
  evolve(_document, event) {
    if (event.type !== 'ProposalCreated') return null;
    const { proposalId, partnerId, sellerId, expiresAt } = event.data;
    return { proposalId, partnerId, sellerId, expiresAt };
  },
};
