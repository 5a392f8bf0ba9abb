// Every projection of the product, with the collections they write.
import { COLLECTIONS } from '../collections.js';
import type { CollectionSpec } from '../port.js';
import type { Projection } from '../projection.js';
import { authorizationsProjection } from './authorizations.projection.js';
import { authorizationDeadlinesProjection, DEADLINE_COLLECTIONS, proposalDeadlinesProjection } from './deadlines.projection.js';
import { proposalsProjection } from './proposals.projection.js';
import { servicesProjection } from './services.projection.js';
import { WEBHOOKS_COLLECTION, webhooksProjection } from './webhooks.projection.js';

export const PROJECTIONS: readonly Projection[] = [
  authorizationsProjection as Projection,
  servicesProjection as Projection,
  proposalsProjection as Projection,
  authorizationDeadlinesProjection as Projection,
  proposalDeadlinesProjection as Projection,
  webhooksProjection as Projection,
];
export const PROJECTION_COLLECTIONS: readonly CollectionSpec[] = [
  COLLECTIONS.authorizations,
  COLLECTIONS.services,
  COLLECTIONS.proposals,
  DEADLINE_COLLECTIONS.authorizations,
  DEADLINE_COLLECTIONS.proposals,
  WEBHOOKS_COLLECTION,
];
