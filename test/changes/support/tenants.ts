// Two partners and three sellers acting through the API, and what each of them may see of the
// log, decided here from each event's data alone (not from the stream name the product reads), so
// that the product's ownership function is checked against an independent reading of API.md.
import type { Principal } from '#libs/platform';
import type { StoredEvent } from '#libs/event-store';
import { allEvents } from '../../support/seed.js';
import type { TestApi } from '../../support/app.js';

export const P1: Principal = { role: 'partner', sub: 'partner-1' };
export const P2: Principal = { role: 'partner', sub: 'partner-2' };
export const S1: Principal = { role: 'seller', sub: 'shop-1', market: 'US_L2L' };
export const S2: Principal = { role: 'seller', sub: 'shop-2', market: 'US_L2L' };
/** Deals with partner-2 only. */
export const S3: Principal = { role: 'seller', sub: 'shop-3', market: 'US_L2L' };
export const AUDITOR: Principal = { role: 'auditor', sub: 'auditor-1' };
export const ADMIN: Principal = { role: 'admin', sub: 'operator-1' };

const SCOPES = { authorizedObject: 'SHOP', dataCompass: true };
const BANS = new Set(['PartnerBanned', 'SellerBanned']);

export interface Actions {
  publish(partner: Principal, name?: string): Promise<{ serviceId: string; linkCode: string }>;
  grant(seller: Principal, service: { serviceId: string; linkCode: string }): Promise<string | undefined>;
  requestRenewal(partner: Principal, authorizationId: string): Promise<number>;
  requestCancellation(partner: Principal, authorizationId: string): Promise<number>;
  cancel(seller: Principal, authorizationId: string): Promise<number>;
  propose(partner: Principal, seller: Principal, serviceId: string): Promise<string | undefined>;
  subscribeWebhook(partner: Principal): Promise<number>;
}

export function actions(api: TestApi): Actions {
  return {
    async publish(partner, name = 'Ads') {
      const answer = await api
        .as(partner)
        .post('/v1/services', { name, visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } });
      if (answer.status !== 201) throw new Error(`publish: ${answer.status} ${answer.text}`);
      return { serviceId: answer.body.serviceId, linkCode: answer.body.linkCode };
    },
    async grant(seller, service) {
      const answer = await api
        .as(seller)
        .post('/v1/authorizations', { linkCode: service.linkCode, grants: [{ serviceId: service.serviceId, scopes: SCOPES }] });
      return answer.status === 201 ? answer.body.authorizations[0].authorizationId : undefined;
    },
    requestRenewal: async (partner, id) => (await api.as(partner).post(`/v1/authorizations/${id}/renewal-requests`)).status,
    requestCancellation: async (partner, id) => (await api.as(partner).post(`/v1/authorizations/${id}/cancellation-requests`, { reason: 'we stop' })).status,
    cancel: async (seller, id) => (await api.as(seller).post(`/v1/authorizations/${id}/cancel`, { reason: 'done' })).status,
    async propose(partner, seller, serviceId) {
      const answer = await api
        .as(partner)
        .post('/v1/proposals', { sellerId: seller.sub, sellerMarket: 'US_L2L', services: [{ serviceId, scopes: { authorizedObject: 'SHOP' } }] });
      return answer.status === 201 ? answer.body.proposalId : undefined;
    },
    subscribeWebhook: async (partner) =>
      (await api.as(partner).post('/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['AUTHORIZATION_GRANTED'] })).status,
  };
}

/** API.md's ownership, read from data: a partner's events name it, a seller's are of a binding and name it. */
export function visibleTo(principal: Principal, event: StoredEvent): boolean {
  const data = event.data as { partnerId?: string; sellerId?: string };
  if (principal.role === 'auditor' || principal.role === 'admin') return true;
  if (BANS.has(event.type)) return false;
  if (principal.role === 'partner') return data.partnerId === principal.sub;
  return event.streamName.startsWith('binding-') && data.sellerId === principal.sub;
}

/** The positions this principal may see after `after`, in log order. */
export async function expectedIds(api: TestApi, principal: Principal, after: bigint): Promise<string[]> {
  return (await allEvents(api.store)).filter((e) => e.position > after && visibleTo(principal, e)).map((e) => String(e.position));
}
