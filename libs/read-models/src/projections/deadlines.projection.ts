// The due-time index: a document per ACTIVE authorization and per PENDING proposal, holding only
// their deadlines, deleted when they end. Processes find what fell due through its time-ordered
// indexes, never by scanning every authorization.
//
// The authorization's deadlines are derived from each event and the small document alone, not by
// folding a second copy of the authorization (a rebuild spent 14% of its time doing that): only
// the status, expiresAt, the start of the validity period and the cancellation request's dueAt
// move a deadline, and each event says how. deadlines.spec.ts checks over random
// histories that the result equals deadlines taken from evolveAuthorization's state. It assumes what
// the binding decider guarantees: a stream's first event for an authorization is its grant, and a
// cancellation is only requested while the authorization is stored ACTIVE.
import { type AuthorizationDeadline, type AuthorizationEvent, reminderTimes } from '#libs/domain';
import type { CollectionSpec } from '../port.js';
import type { Projection } from '../projection.js';
import { AUTHORIZATION_EVENT_TYPES } from './authorizations.projection.js';

export type AuthorizationDeadlineDocument = AuthorizationDeadline;

export const DEADLINE_COLLECTIONS = {
  authorizations: {
    name: 'authorization_deadlines',
    equalityIndexes: [],
    orderedIndexes: ['expiresAt', 'cancellationDueAt', 'remind30At', 'remind7At', 'remind1At'],
  },
  proposals: { name: 'proposal_deadlines', equalityIndexes: [], orderedIndexes: ['expiresAt'] },
} satisfies Record<string, CollectionSpec>;

type Ids = Pick<AuthorizationDeadline, 'authorizationId' | 'partnerId' | 'sellerId' | 'serviceId'>;

/** The deadlines of an ACTIVE authorization whose validity period runs from `periodStart`. */
function deadline(ids: Ids, periodStart: string, expiresAt: string, cancellationDueAt: string | undefined): AuthorizationDeadlineDocument {
  const doc: AuthorizationDeadlineDocument = {
    authorizationId: ids.authorizationId,
    partnerId: ids.partnerId,
    sellerId: ids.sellerId,
    serviceId: ids.serviceId,
    expiresAt,
    ...reminderTimes(periodStart, expiresAt),
  };
  if (cancellationDueAt !== undefined) doc.cancellationDueAt = cancellationDueAt;
  return doc;
}

/**
 * The next deadline document of an authorization, from its current one (null: none, or not ACTIVE)
 * and one of its events. Declared in-place: it may set fields of the document it is given (the
 * runner hands it a copy it owns), and removes a field only on a fresh object (a delete would
 * turn the document into a slow dictionary).
 */
export function evolveDeadline(doc: AuthorizationDeadlineDocument | null, event: AuthorizationEvent): AuthorizationDeadlineDocument | null {
  switch (event.type) {
    case 'AuthorizationGranted':
      // A grant (or a grant again in place) starts a new period: nothing of the old one is kept.
      return deadline(event.data, event.data.grantedAt, event.data.expiresAt, undefined);
    case 'AuthorizationRenewed': {
      // Renewing revives an ended one too (null here: its request, if any, was dropped when it ended).
      // The seller renewing one that had run out drops a pending cancellation request with it.
      const { renewedAt, expiresAt, autoRenewed } = event.data;
      const due = doc?.cancellationDueAt !== undefined && (autoRenewed || doc.expiresAt > renewedAt) ? doc.cancellationDueAt : undefined;
      return deadline(doc ?? event.data, renewedAt, expiresAt, due);
    }
    case 'AuthorizationCancellationRequested':
      if (doc) doc.cancellationDueAt = event.data.dueAt;
      return doc;
    case 'AuthorizationCancellationRejected': {
      if (!doc || doc.cancellationDueAt === undefined) return doc;
      const { cancellationDueAt: _answered, ...rest } = doc;
      return rest;
    }
    case 'AuthorizationCancelled':
    case 'AuthorizationExpired':
    case 'AuthorizationDeactivated':
      return null;
    default:
      // Scopes, auto-renew, a renewal request, a removal: the status and the deadlines stay.
      return doc;
  }
}

export const authorizationDeadlinesProjection: Projection<AuthorizationDeadlineDocument> = {
  name: 'authorization-deadlines',
  collection: DEADLINE_COLLECTIONS.authorizations.name,
  handles: AUTHORIZATION_EVENT_TYPES,
  evolves: 'in-place',
  documentIds: (event) => [event.data.authorizationId],
  evolve: (document, event) => evolveDeadline(document, event as unknown as AuthorizationEvent),
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
  evolves: 'fresh',
  documentIds: (event) => [event.data.proposalId],
  evolve(_document, event) {
    if (event.type !== 'ProposalCreated') return null;
    const { proposalId, partnerId, sellerId, expiresAt } = event.data;
    return { proposalId, partnerId, sellerId, expiresAt };
  },
};
