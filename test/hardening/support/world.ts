// A small world the hardening suites act on: a partner's services, a seller's ACTIVE and CANCELLED
// authorizations, a pending proposal, and principals who must not reach them.
import type { Principal } from '#libs/platform';
import { principals, type TestApi } from '../../support/app.js';
import { expectStatus } from '../../e2e/helpers.js';

export const SERVICE = {
  name: 'Ads Booster',
  visibility: 'PUBLIC',
  markets: ['US_L2L', 'US_CB', 'EU'],
  validityDays: 90,
  requestedScopes: { authorizedObjects: ['SHOP'], shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true },
};
export const L2L_SCOPES = { authorizedObject: 'SHOP', dataCompass: true };

export interface World {
  /** Values the rows name as {placeholders} in their urls and bodies. */
  ids: Record<'service' | 'linkCode' | 'reports' | 'active' | 'cancelled' | 'proposal', string>;
  partner: Principal;
  seller: Principal;
}

export async function buildWorld(api: TestApi): Promise<World> {
  const { partner, seller, cbSeller } = principals;
  const publish = async (body: object) => {
    const answer = await api.as(partner).post('/v1/services', body);
    expectStatus(answer, 201);
    return answer.body as { serviceId: string; linkCode: string };
  };
  const ads = await publish(SERVICE);
  const reports = await publish({ ...SERVICE, name: 'Reports' });
  const granted = await api.as(seller).post('/v1/authorizations', {
    linkCode: ads.linkCode,
    grants: [
      { serviceId: ads.serviceId, scopes: L2L_SCOPES },
      { serviceId: reports.serviceId, scopes: L2L_SCOPES },
    ],
  });
  expectStatus(granted, 201);
  const [active, cancelled] = granted.body.authorizations.map((a: { authorizationId: string }) => a.authorizationId);
  expectStatus(await api.as(seller).post(`/v1/authorizations/${cancelled}/cancel`), 200);
  const proposed = await api.as(partner).post('/v1/proposals', {
    sellerId: cbSeller.sub,
    sellerMarket: 'US_CB',
    services: [{ serviceId: ads.serviceId, scopes: { dataCompass: true } }],
  });
  expectStatus(proposed, 201);
  return {
    ids: { service: ads.serviceId, linkCode: ads.linkCode, reports: reports.serviceId, active, cancelled, proposal: proposed.body.proposalId },
    partner,
    seller,
  };
}

/** Replaces {name} by the world's id of that name, in a url or anywhere in a JSON body. */
export function fill<T>(value: T, ids: World['ids']): T {
  if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (m, name: string) => (ids as Record<string, string>)[name] ?? m) as T;
  if (Array.isArray(value)) return value.map((v) => fill(v, ids)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, ids)])) as T;
  return value;
}
