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
  // Left to the runner's copy (evolves: 'copy'), although evolveAuthorization never changes its
  // input: handed the stored document whole, its result carries _id/_position over and held
  // ~470 more heap bytes per authorization (1,567 vs 1,095 at 100,000 events), for no faster rebuild.
  documentIds: (event) => [event.data.authorizationId],
  evolve: (document, event) => evolveAuthorization(document ?? undefined, event as unknown as AuthorizationEvent) ?? null,
};
