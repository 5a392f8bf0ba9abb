// The world the page suites query: two partners, eighty sellers over every market, a few hundred
// authorizations granted, renewed, cancelled, deactivated and removed through the API at times
// the test clock sets, and proposals of each status. Beside it, the test's own model of every
// authorization, written from API.md's rules (expiresAt = grant or renewal + validityDays; an
// ACTIVE one past expiresAt is EXPIRED), against which the pages are checked.
import { expect } from '@jest/globals';
import type { Principal } from '#libs/platform';
import type { TestApi } from '../support/app.js';
import { expectStatus, nowOf, plusDays } from './helpers.js';

export const PARTNER_A: Principal = { role: 'partner', sub: 'partner-1' };
export const PARTNER_B: Principal = { role: 'partner', sub: 'partner-2' };
export const ADMIN: Principal = { role: 'admin', sub: 'operator-1' };
export const MARKETS = ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'] as const;
export type Market = (typeof MARKETS)[number];
export type Status = 'ACTIVE' | 'EXPIRED' | 'CANCELLED' | 'DEACTIVATED';
export const STATUSES: Status[] = ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'];

export interface Row {
  authorizationId: string;
  partnerId: string;
  sellerId: string;
  serviceId: string;
  market: Market;
  validityDays: number;
  grantedAt: string;
  expiresAt: string;
  /** The status the last command left; time may have made an ACTIVE one EXPIRED since. */
  status: 'ACTIVE' | 'CANCELLED' | 'DEACTIVATED';
  removed: boolean;
}

export interface Service {
  key: string;
  serviceId: string;
  linkCode: string;
  partner: Principal;
  markets: readonly Market[];
  validityDays: number;
  dataCompass: boolean;
}

export interface World {
  rows: Row[];
  services: Record<string, Service>;
  sellers: Principal[];
  proposals: { partnerId: string; sellerId: string; proposalId: string; status: string }[];
}

export const statusAt = (row: Row, now: string): Status => (row.status === 'ACTIVE' && row.expiresAt <= now ? 'EXPIRED' : row.status);

const SERVICES = [
  { key: 'aAds', partner: PARTNER_A, markets: MARKETS, validityDays: 365, dataCompass: true },
  { key: 'aReports', partner: PARTNER_A, markets: ['US_L2L', 'US_CB', 'EU'], validityDays: 365, dataCompass: true },
  { key: 'aFulfil', partner: PARTNER_A, markets: ['US_L2L', 'SEA', 'OTHER'], validityDays: 365, dataCompass: false },
  { key: 'aTrial', partner: PARTNER_A, markets: MARKETS, validityDays: 10, dataCompass: true },
  { key: 'bLive', partner: PARTNER_B, markets: MARKETS, validityDays: 365, dataCompass: true },
  { key: 'bCreators', partner: PARTNER_B, markets: ['US_L2L', 'EU'], validityDays: 365, dataCompass: true },
  { key: 'bOld', partner: PARTNER_B, markets: ['US_L2L'], validityDays: 365, dataCompass: true },
] as const;

/** What a seller of this market may grant of the service: the authorized object in US L2L only. */
export function scopesFor(service: { dataCompass: boolean }, market: Market) {
  const scope = service.dataCompass ? { dataCompass: true } : { shopOperationTicket: true };
  return market === 'US_L2L' ? { authorizedObject: 'SHOP', ...scope } : scope;
}

export async function buildWorld(api: TestApi): Promise<World> {
  const world: World = { rows: [], services: {}, sellers: [], proposals: [] };
  for (const s of SERVICES) {
    const requestedScopes = { authorizedObjects: ['SHOP'], ...(s.dataCompass ? { dataCompass: true } : { shopOperationTicket: true }) };
    const body = { name: `Service ${s.key}`, visibility: 'PUBLIC', markets: s.markets, requestedScopes, validityDays: s.validityDays };
    const published = await api.as(s.partner).post('/v1/services', body);
    expectStatus(published, 201);
    world.services[s.key] = { ...s, serviceId: published.body.serviceId, linkCode: published.body.linkCode };
  }
  const grant = async (seller: Principal, services: Service[], validity: (s: Service, k: number) => number) => {
    const market = seller.market as Market;
    const grants = services.map((s, k) => ({ serviceId: s.serviceId, scopes: scopesFor(s, market), validityDays: validity(s, k) }));
    const answer = await api.as(seller).post('/v1/authorizations', { linkCode: services[0]!.linkCode, grants });
    expectStatus(answer, 201);
    const now = nowOf(api);
    for (const [k, a] of (answer.body.authorizations as { authorizationId: string; serviceId: string; expiresAt: string }[]).entries()) {
      const s = services.find((x) => x.serviceId === a.serviceId)!;
      const row: Row = {
        authorizationId: a.authorizationId,
        partnerId: s.partner.sub,
        sellerId: seller.sub,
        serviceId: s.serviceId,
        market,
        validityDays: grants[k]!.validityDays,
        grantedAt: now,
        expiresAt: plusDays(now, grants[k]!.validityDays),
        status: 'ACTIVE',
        removed: false,
      };
      expect(a.expiresAt).toBe(row.expiresAt);
      world.rows.push(row);
    }
  };
  const { aAds, aReports, aFulfil, aTrial, bLive, bCreators, bOld } = world.services as Record<string, Service>;
  for (let i = 0; i < 80; i++) {
    api.clock.advanceHours(3);
    const seller: Principal = { role: 'seller', sub: `s-${String(i).padStart(2, '0')}`, market: MARKETS[i % 5]! };
    world.sellers.push(seller);
    const offered = (s: Service) => s.markets.includes(seller.market as Market);
    const ofA = [aAds!, aReports!, aFulfil!, aTrial!].filter((s, k) => offered(s) && (i + k) % 4 !== 3);
    if (ofA.length) await grant(seller, ofA, (s, k) => (s === aTrial ? 2 + (i % 9) : 15 + ((i * 37 + k * 11) % 300)));
    await grant(
      seller,
      [bLive!, bCreators!].filter((s, k) => offered(s) && (k === 0 || i % 2 === 0)),
      () => 20 + ((i * 53) % 340),
    );
  }
  // Later, each on its own hour: cancellations, deactivations by an operator, renewals, removals.
  const act = async (request: () => Promise<{ status: number; text: string }>) => {
    api.clock.advanceHours(1);
    expectStatus((await request()) as never, 200);
  };
  for (const [j, row] of world.rows.entries()) {
    const seller = () => api.as(world.sellers.find((s) => s.sub === row.sellerId)!);
    const id = row.authorizationId;
    if (statusAt(row, plusDays(nowOf(api), 1 / 24)) !== 'ACTIVE') continue;
    if (j % 7 === 0 || (row.partnerId === PARTNER_B.sub && j % 5 === 1)) {
      await act(() => seller().post(`/v1/authorizations/${id}/cancel`));
      row.status = 'CANCELLED';
      if (j % 14 === 0) {
        await act(() => seller().delete(`/v1/authorizations/${id}`));
        row.removed = true;
      }
    } else if (j % 11 === 5) {
      await act(() => api.as(ADMIN).post(`/v1/admin/authorizations/${id}/deactivate`, { reason: 'Audit' }));
      row.status = 'DEACTIVATED';
    } else if (j % 9 === 4) {
      await act(() => seller().post(`/v1/authorizations/${id}/renew`));
      row.expiresAt = plusDays(nowOf(api), row.validityDays);
    }
  }
  // Proposals in US L2L and US CB, to sellers that have nothing yet.
  const propose = async (partner: Principal, sellerId: string, sellerMarket: Market, service: Service) => {
    const answer = await api.as(partner).post('/v1/proposals', {
      sellerId,
      sellerMarket,
      services: [{ serviceId: service.serviceId, scopes: scopesFor(service, sellerMarket), validityDays: 45 }],
    });
    expectStatus(answer, 201);
    const proposal = { partnerId: partner.sub, sellerId, proposalId: answer.body.proposalId as string, status: 'PENDING' };
    world.proposals.push(proposal);
    return proposal;
  };
  const prospect = (sub: string, market: Market): Principal => ({ role: 'seller', sub, market });
  await propose(PARTNER_A, 'p-l2l-1', 'US_L2L', aAds!);
  await propose(PARTNER_A, 'p-cb-1', 'US_CB', aReports!);
  await propose(PARTNER_B, 'p-l2l-1', 'US_L2L', bLive!);
  const signed = await propose(PARTNER_A, 'p-l2l-2', 'US_L2L', aAds!);
  const answer = await api.as(prospect('p-l2l-2', 'US_L2L')).post(`/v1/proposals/${signed.proposalId}/sign`);
  expectStatus(answer, 201);
  signed.status = 'SIGNED';
  const now = nowOf(api);
  world.rows.push({
    authorizationId: answer.body.authorizations[0].authorizationId,
    partnerId: PARTNER_A.sub,
    sellerId: 'p-l2l-2',
    serviceId: aAds!.serviceId,
    market: 'US_L2L',
    validityDays: 45,
    grantedAt: now,
    expiresAt: plusDays(now, 45),
    status: 'ACTIVE',
    removed: false,
  });
  const declined = await propose(PARTNER_A, 'p-l2l-3', 'US_L2L', aAds!);
  expectStatus(await api.as(prospect('p-l2l-3', 'US_L2L')).post(`/v1/proposals/${declined.proposalId}/decline`), 200);
  declined.status = 'DECLINED';
  const withdrawn = await propose(PARTNER_A, 'p-cb-2', 'US_CB', aAds!);
  expectStatus(await api.as(PARTNER_A).post(`/v1/proposals/${withdrawn.proposalId}/withdraw`), 200);
  withdrawn.status = 'WITHDRAWN';
  expectStatus(await api.as(PARTNER_B).post(`/v1/services/${bOld!.serviceId}/deactivate`), 200);
  // Half an hour off the hour grid, so that no expiresAt falls exactly on "now" or on a window's end.
  api.clock.advanceHours(17.5);
  return world;
}
