// The authorizations read model behind both pages: one document per authorization, folded by
// the very evolve the binding decider uses. Its status is the stored one; queries and views
// turn an ACTIVE one past expiresAt into EXPIRED at read time.
import { type AuthorizationEvent, type AuthorizationState, evolveAuthorization } from '#libs/domain';
import type { EvolvingProjection } from '../runner.js';

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

export const authorizationsProjection: EvolvingProjection<AuthorizationDocument> = {
  name: 'authorizations',
  collection: 'authorizations',
  handles: AUTHORIZATION_EVENT_TYPES,
  // evolveAuthorization returns a new object every time and never changes the one it is given.
  evolves: 'fresh',
  documentIds: (event) => [event.data.authorizationId],
  evolve: (document, event) => evolveAuthorization(document ?? undefined, event as unknown as AuthorizationEvent) ?? null,
};
