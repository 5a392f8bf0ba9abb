// The partner's services: one document per service, folded by the service decider's evolve.
import { type ServiceEvent, type ServiceState, serviceDecider } from '#libs/domain';
import type { Projection } from '../projection.js';

export type ServiceDocument = Exclude<ServiceState, { status: 'NONE' }>;

export const servicesProjection: Projection<ServiceDocument> = {
  name: 'services',
  collection: 'services',
  // The service decider's evolve returns a new object for every event a document exists after.
  evolves: 'fresh',
  handles: ['ServicePublished', 'ServiceDeactivated'],
  documentIds: (event) => [event.data.serviceId],
  evolve(document, event) {
    const next = serviceDecider.evolve(document ?? serviceDecider.initialState(), event as unknown as ServiceEvent);
    return next.status === 'NONE' ? null : next;
  },
};
