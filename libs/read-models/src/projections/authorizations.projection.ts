// The authorizations read model behind both pages: one document per authorization, folded by
// the very evolve the binding decider uses. Its status is the stored one; queries and views
// turn an ACTIVE one past expiresAt into EXPIRED at read time.
import { type AuthorizationEvent, type AuthorizationState, evolveAuthorization } from '#libs/domain';
import type { Projection } from '../projection.js';

export const AUTHORIZATION_EVENT_TYPES = [
  'AuthorizationGranted',
  'AuthorizationScopesChanged',
  'AuthorizationAutoRenewChanged',
  'AuthorizationRenewalRequested',
  'AuthorizationRenewed',
  'AuthorizationCancellationRequested',
  'AuthorizationCancellationRejected',
  'AuthorizationCancelled',
  'AuthorizationExpired',
  'AuthorizationDeactivated',
  'AuthorizationRemoved',
] as const;

export type AuthorizationDocument = AuthorizationState;

export const authorizationsProjection: Projection<AuthorizationDocument> = {
  name: 'authorizations',
  collection: 'authorizations',
  handles: AUTHORIZATION_EVENT_TYPES,
  documentIds: (event) => [event.data.authorizationId],
  evolve: (document, event) => evolveAuthorization(document ?? undefined, event as unknown as AuthorizationEvent) ?? null,
};
