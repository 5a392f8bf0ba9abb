// The partner guide through a client generated from the OpenAPI document (openapi-fetch over
// test/support/api-types.ts) against the built server: every path, parameter and body below is
// type-checked against the document by tsc, and every answer is read through its typed shape, so
// the document and the server cannot drift apart without this failing to compile or to pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import createClient, { type Client } from 'openapi-fetch';
import type { Principal } from '#libs/platform';
import { type ChildServer, ensureBuilt, startChildServer } from '../hardening/support/child-server.js';
import type { paths } from '../support/api-types.js';

const partner: Principal = { role: 'partner', sub: 'partner-typed' };
const seller: Principal = { role: 'seller', sub: 'shop-typed', market: 'US_L2L' };

describe('the partner guide through the generated client (openapi-fetch)', () => {
  let dataDir: string;
  let server: ChildServer;
  const as = (who: Principal): Client<paths> => createClient<paths>({ baseUrl: server.url, headers: { authorization: `Bearer ${server.token(who)}` } });

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'tsp-typed-client-'));
    server = await startChildServer(dataDir);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes, opens the link, grants two at once, checks access, renews with If-Match, cancels, and is denied', async () => {
    const ads = await as(partner).POST('/v1/services', {
      body: {
        name: 'Ads',
        visibility: 'PUBLIC',
        markets: ['US_L2L'],
        requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true, sellerCenterRoles: ['ADS_MANAGER'] },
      },
    });
    const care = await as(partner).POST('/v1/services', {
      body: {
        name: 'Care',
        visibility: 'PUBLIC',
        markets: ['US_L2L'],
        validityDays: 30,
        requestedScopes: { authorizedObjects: ['SHOP'], sellerCenterRoles: ['CUSTOMER_SERVICE_AGENT'] },
      },
    });
    expect([ads.response.status, care.response.status]).toEqual([201, 201]);
    const linkCode = ads.data!.linkCode;

    const link = await as(seller).GET('/v1/authorization-links/{linkCode}', { params: { path: { linkCode } } });
    expect(link.data!.services.map((s) => s.serviceId).sort()).toEqual([ads.data!.serviceId, care.data!.serviceId].sort());
    expect(link.data!.unavailable).toEqual([]);

    // Optional fields left out, as the README's first grant does (validityDays, autoRenew).
    const granted = await as(seller).POST('/v1/authorizations', {
      body: {
        linkCode,
        grants: [
          { serviceId: ads.data!.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true, sellerCenterRoles: ['ADS_MANAGER'] }, validityDays: 90 },
          { serviceId: care.data!.serviceId, scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['CUSTOMER_SERVICE_AGENT'] }, autoRenew: true },
        ],
      },
    });
    expect(granted.response.status).toBe(201);
    const authorizationId = granted.data!.authorizations.find((a) => a.serviceId === ads.data!.serviceId)!.authorizationId;

    const query = { partnerId: partner.sub, sellerId: seller.sub, permission: 'SELLER_CENTER:ADS_MANAGER' as const };
    const allowed = await as(partner).GET('/v1/access-checks', { params: { query } });
    expect(allowed.data).toMatchObject({ allowed: true, reason: 'ALLOWED', authorizationIds: [authorizationId] });

    const read = await as(seller).GET('/v1/authorizations/{authorizationId}', { params: { path: { authorizationId } } });
    const etag = read.response.headers.get('etag')!;
    expect(etag).toBe(`"${read.data!.revision}"`);
    const renewed = await as(seller).POST('/v1/authorizations/{authorizationId}/renew', {
      params: { path: { authorizationId }, header: { 'If-Match': etag } },
    });
    expect(renewed.data!.authorization.revision).toBe(read.data!.revision + 1);

    const sellers = await as(partner).GET('/v1/partner/sellers', { params: { query: { status: 'ACTIVE', page: 1, pageSize: 20 } } });
    // JSON or CSV by Accept: the document gives both; this one asked for JSON.
    const page = typeof sellers.data === 'object' ? sellers.data : undefined;
    expect([page?.total, page?.countsByStatus.ACTIVE]).toEqual([2, 2]);
    const mine = await as(seller).GET('/v1/seller/services', { params: { query: { status: 'ACTIVE' } } });
    expect(mine.data!.total).toBe(2);

    const cancelled = await as(seller).POST('/v1/authorizations/{authorizationId}/cancel', {
      params: { path: { authorizationId } },
      body: { reason: 'we do our own ads now' },
    });
    expect(cancelled.data!.authorization.status).toBe('CANCELLED');
    const denied = await as(partner).GET('/v1/access-checks', { params: { query } });
    expect(denied.data).toEqual({ allowed: false, reason: 'CANCELLED', authorizationIds: [] });
  }, 60_000);
});
