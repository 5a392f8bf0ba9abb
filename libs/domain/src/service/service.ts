// A partner's service: published once, deactivated once. One stream per service.
import type { Actor, Decider, DomainEvent } from '../shared/decider.js';
import { conflict, forbidden, notFound, ruleBroken, type FieldError } from '../shared/errors.js';
import type { Instant } from '../shared/time.js';
import { type Market, type RequestedScopes, normalizeRequestedScopes, requestsAnything } from '../market/scopes.js';
import { requiresAuthorizedObject } from '../market/market-rules.js';

export type Visibility = 'PUBLIC' | 'CUSTOM';
export const MAX_VALIDITY_DAYS = 365;

/** Why a service was deactivated: by its partner, by an operator, or because the partner was banned. */
export type ServiceDeactivationCause = 'PARTNER' | 'ADMIN' | 'PARTNER_BANNED';

export interface ServiceFacts {
  serviceId: string;
  partnerId: string;
  name: string;
  description: string;
  visibility: Visibility;
  markets: Market[];
  requestedScopes: RequestedScopes;
  validityDays: number;
  sellerIds?: string[];
  linkCode: string;
  publishedAt: Instant;
}

export type ServiceState =
  | { status: 'NONE' }
  | ({ status: 'ACTIVE' } & ServiceFacts)
  | ({ status: 'DEACTIVATED'; deactivatedAt: Instant; cause: ServiceDeactivationCause } & ServiceFacts);

export type ServicePublished = DomainEvent<'ServicePublished', ServiceFacts>;
export type ServiceDeactivated = DomainEvent<
  'ServiceDeactivated',
  { serviceId: string; partnerId: string; cause: ServiceDeactivationCause; reason?: string; deactivatedAt: Instant }
>;
export type ServiceEvent = ServicePublished | ServiceDeactivated;

export interface PublishService {
  type: 'PublishService';
  actor: Actor;
  now: Instant;
  partnerBanned: boolean;
  service: Omit<ServiceFacts, 'publishedAt' | 'partnerId'>;
}

export interface DeactivateService {
  type: 'DeactivateService';
  actor: Actor;
  now: Instant;
  /** Whether the acting partner is banned (its commands are refused). */
  partnerBanned?: boolean;
  cause: ServiceDeactivationCause;
  reason?: string;
}

export type ServiceCommand = PublishService | DeactivateService;

export function isVisibleTo(service: ServiceFacts, sellerId: string): boolean {
  return service.visibility === 'PUBLIC' || (service.sellerIds ?? []).includes(sellerId);
}

function publishErrors(service: PublishService['service']): FieldError[] {
  const errors: FieldError[] = [];
  if (!requestsAnything(service.requestedScopes)) errors.push({ field: 'requestedScopes', message: 'a service requests at least one scope' });
  const l2l = service.markets.find(requiresAuthorizedObject);
  if (l2l && !service.requestedScopes.authorizedObjects?.length)
    errors.push({ field: 'requestedScopes.authorizedObjects', message: `${l2l} sellers must grant an authorized object: request at least one` });
  if (service.visibility === 'CUSTOM' && !service.sellerIds?.length)
    errors.push({ field: 'sellerIds', message: 'a CUSTOM service names the sellers it is for' });
  if (service.visibility === 'PUBLIC' && service.sellerIds !== undefined) errors.push({ field: 'sellerIds', message: 'only a CUSTOM service names sellers' });
  if (!Number.isInteger(service.validityDays) || service.validityDays < 1 || service.validityDays > MAX_VALIDITY_DAYS)
    errors.push({ field: 'validityDays', message: `from 1 to ${MAX_VALIDITY_DAYS} days` });
  return errors;
}

function publish(command: PublishService, state: ServiceState): ServiceEvent[] {
  if (command.actor.role !== 'partner') throw forbidden('SERVICE.PARTNERS_ONLY', 'only a partner publishes services');
  if (command.partnerBanned) throw forbidden('PARTNER.BANNED', 'this partner is banned');
  if (state.status !== 'NONE') throw conflict('SERVICE.ALREADY_PUBLISHED', 'this service id is taken');
  const errors = publishErrors(command.service);
  if (errors.length) throw ruleBroken('SERVICE.INVALID', 'the service breaks a publishing rule', errors);
  const { sellerIds, ...rest } = command.service;
  const data: ServiceFacts = {
    ...rest,
    partnerId: command.actor.sub,
    markets: [...new Set(rest.markets)],
    requestedScopes: normalizeRequestedScopes(rest.requestedScopes),
    publishedAt: command.now,
  };
  if (sellerIds) data.sellerIds = [...new Set(sellerIds)];
  return [{ type: 'ServicePublished', data }];
}

function deactivate(command: DeactivateService, state: ServiceState): ServiceEvent[] {
  const { actor } = command;
  if (state.status === 'NONE' || (actor.role === 'partner' && actor.sub !== state.partnerId)) throw notFound('SERVICE.NOT_FOUND', 'no such service');
  if (actor.role === 'partner' && command.partnerBanned) throw forbidden('PARTNER.BANNED', 'this partner is banned');
  if (!['partner', 'admin', 'system'].includes(actor.role))
    throw forbidden('SERVICE.DEACTIVATE_FORBIDDEN', 'only the owner partner or an operator deactivates a service');
  if (state.status === 'DEACTIVATED') {
    if (actor.role === 'system') return [];
    throw conflict('SERVICE.ALREADY_DEACTIVATED', 'the service is already deactivated');
  }
  const data: ServiceDeactivated['data'] = {
    serviceId: state.serviceId,
    partnerId: state.partnerId,
    cause: command.cause,
    deactivatedAt: command.now,
  };
  if (command.reason !== undefined) data.reason = command.reason;
  return [{ type: 'ServiceDeactivated', data }];
}

export const serviceDecider: Decider<ServiceCommand, ServiceState, ServiceEvent> = {
  initialState: () => ({ status: 'NONE' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ServicePublished':
        return { status: 'ACTIVE', ...event.data };
      case 'ServiceDeactivated':
        return state.status === 'NONE' ? state : { ...state, status: 'DEACTIVATED', deactivatedAt: event.data.deactivatedAt, cause: event.data.cause };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'PublishService':
        return publish(command, state);
      case 'DeactivateService':
        return deactivate(command, state);
    }
  },
};
