// The cascade process: a deactivated service, a banned partner or a banned seller ends every
// ACTIVE authorization it touches, including a grant or renewal that raced it and landed after.
// Its state is what it has seen of the log, in log order, so the race guard needs no lookup.
import type { DeactivationEndReason } from '../binding/events.js';
import type { ServiceDeactivationCause } from '../service/service.js';
import type { ProcessIntent } from '../intent/intents.js';

// Sets and a Map, never plain objects: ids are chosen by users, and a plain object would find a
// partner `constructor` or a seller `toString` banned through its prototype.
export interface CascadeState {
  deactivatedServices: ReadonlyMap<string, ServiceDeactivationCause>;
  bannedPartners: ReadonlySet<string>;
  bannedSellers: ReadonlySet<string>;
}

export const initialCascadeState = (): CascadeState => ({ deactivatedServices: new Map(), bannedPartners: new Set(), bannedSellers: new Set() });

export const CASCADE_EVENT_TYPES = ['ServiceDeactivated', 'PartnerBanned', 'SellerBanned', 'AuthorizationGranted', 'AuthorizationRenewed'] as const;
/** The events that make up the cascade's state, read again at start. */
export const CASCADE_STATE_EVENT_TYPES = ['ServiceDeactivated', 'PartnerBanned', 'SellerBanned'] as const;

interface CascadeEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any event of the log: each case below reads the fields its type has
  data: any;
}

export function evolveCascade(state: CascadeState, event: CascadeEvent): CascadeState {
  switch (event.type) {
    case 'ServiceDeactivated':
      return { ...state, deactivatedServices: new Map(state.deactivatedServices).set(event.data.serviceId, event.data.cause) };
    case 'PartnerBanned':
      return { ...state, bannedPartners: new Set(state.bannedPartners).add(event.data.partnerId) };
    case 'SellerBanned':
      return { ...state, bannedSellers: new Set(state.bannedSellers).add(event.data.sellerId) };
    default:
      return state;
  }
}

/** What the shell looked up in the read models for an event: ids of what is still ACTIVE. */
export interface CascadeLookups {
  activeAuthorizationIds?: string[];
  activeServiceIds?: string[];
}

/** Why an authorization of this service may not stay ACTIVE, if it may not. */
export function endReasonFor(state: CascadeState, a: { partnerId: string; sellerId: string; serviceId: string }): DeactivationEndReason | undefined {
  if (state.bannedPartners.has(a.partnerId)) return 'PARTNER_BANNED';
  if (state.bannedSellers.has(a.sellerId)) return 'SELLER_BANNED';
  const cause = state.deactivatedServices.get(a.serviceId);
  if (cause) return cause === 'PARTNER_BANNED' ? 'PARTNER_BANNED' : 'SERVICE_DEACTIVATED';
  return undefined;
}

/** Which lookups an event needs before `reactCascade`. */
export function cascadeLookupsFor(
  event: CascadeEvent,
): Array<'authorizationsOfService' | 'authorizationsOfPartner' | 'servicesOfPartner' | 'authorizationsOfSeller'> {
  switch (event.type) {
    case 'ServiceDeactivated':
      return ['authorizationsOfService'];
    case 'PartnerBanned':
      return ['servicesOfPartner', 'authorizationsOfPartner'];
    case 'SellerBanned':
      return ['authorizationsOfSeller'];
    default:
      return [];
  }
}

/** `state` is the cascade's state after the event. */
export function reactCascade(state: CascadeState, event: CascadeEvent, lookups: CascadeLookups): ProcessIntent[] {
  const deactivate =
    (endReason: DeactivationEndReason) =>
    (authorizationId: string): ProcessIntent => ({ type: 'DeactivateAuthorization', authorizationId, endReason });
  switch (event.type) {
    case 'ServiceDeactivated': {
      const reason: DeactivationEndReason = event.data.cause === 'PARTNER_BANNED' ? 'PARTNER_BANNED' : 'SERVICE_DEACTIVATED';
      return (lookups.activeAuthorizationIds ?? []).map(deactivate(reason));
    }
    case 'PartnerBanned':
      return [
        ...(lookups.activeServiceIds ?? []).map((serviceId): ProcessIntent => ({ type: 'DeactivateService', serviceId, cause: 'PARTNER_BANNED' })),
        ...(lookups.activeAuthorizationIds ?? []).map(deactivate('PARTNER_BANNED')),
      ];
    case 'SellerBanned':
      return (lookups.activeAuthorizationIds ?? []).map(deactivate('SELLER_BANNED'));
    case 'AuthorizationGranted':
    case 'AuthorizationRenewed': {
      const reason = endReasonFor(state, event.data);
      return reason ? [deactivate(reason)(event.data.authorizationId)] : [];
    }
    default:
      return [];
  }
}
