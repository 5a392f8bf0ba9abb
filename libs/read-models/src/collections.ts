// The read models and the indexes each needs (the MongoDB adapter creates the same ones).
import type { CollectionSpec } from './port.js';

export const COLLECTIONS = {
  authorizations: { name: 'authorizations', equalityIndexes: ['partnerId', 'sellerId', 'serviceId'] },
  services: { name: 'services', equalityIndexes: ['partnerId'] },
  proposals: { name: 'proposals', equalityIndexes: ['partnerId', 'sellerId'] },
} satisfies Record<string, CollectionSpec>;
