// The embedded default caches the states commands and access checks fold (services, bans,
// bindings: libs/event-store/src/state-cache.ts). Never stale: a deactivation or a ban refuses the
// very next grant and denies the very next access check, with every state it involves already
// cached, before any cascade has run; and an append made to the file by anything else is seen too.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { schemaVersionOf, streams } from '#libs/domain';
import { SqliteEventStore, StreamStateCache } from '#libs/event-store';
import type { Principal } from '#libs/platform';
import { EVENT_LOG_FILE } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { STREAM_STATES } from '../../libs/shell/src/infrastructure/injection-keys.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus, refused } from './helpers.js';

const { partner, admin } = principals;
const shop = (sub: string): Principal => ({ role: 'seller', sub, market: 'US_L2L' }) as Principal;
const ADS = { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true }, validityDays: 90 };

let api: TestApi | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await api?.close();
  api = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function publish(api: TestApi, name = 'Ads'): Promise<{ serviceId: string; linkCode: string }> {
  const res = await api.as(partner).post('/v1/services', { ...ADS, name });
  expectStatus(res, 201);
  return res.body;
}
const grant = (api: TestApi, seller: Principal, service: { serviceId: string; linkCode: string }) =>
  api.as(seller).post('/v1/authorizations', {
    linkCode: service.linkCode,
    grants: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
  });
const access = async (api: TestApi, sellerId: string) => {
  const res = await api.as(partner).get(`/v1/access-checks?partnerId=${partner.sub}&sellerId=${sellerId}&permission=DATA_COMPASS`);
  expectStatus(res, 200);
  return res.body as { allowed: boolean; reason: string };
};
/** Every state a grant and an access check read, read once through the cache. */
async function warm(api: TestApi, seller: Principal, service: { serviceId: string; linkCode: string }) {
  expectStatus(await grant(api, seller, service), 201);
  expect(await access(api, seller.sub)).toMatchObject({ allowed: true });
  expect(await access(api, seller.sub)).toMatchObject({ allowed: true });
}

describe('the stream-state cache of the embedded default', () => {
  it('is the one the app runs on, and it answers the repeated reads', async () => {
    api = await startApi();
    const cache = api.app.get(STREAM_STATES);
    expect(cache).toBeInstanceOf(StreamStateCache);
    await warm(api, shop('shop-w'), await publish(api));
    expect((cache as StreamStateCache).stats.hits).toBeGreaterThan(0);
  });

  it('a deactivated service: the next grant of it is 409 and the next access check is denied, at once', async () => {
    api = await startApi();
    const service = await publish(api);
    await warm(api, shop('shop-a'), service);
    expectStatus(await api.as(partner).post(`/v1/services/${service.serviceId}/deactivate`, { reason: 'retired' }), 200);
    // No settle: the cascade has not necessarily run; the service's own state says it.
    expect(await access(api, 'shop-a')).toMatchObject({ allowed: false });
    await refused(api, () => grant(api!, shop('shop-b'), service), 409);
    // A seller whose states were cached before the deactivation, granting again after its cancel.
    await warm(api, shop('shop-c'), await publish(api, 'Other'));
    await refused(api, () => grant(api!, shop('shop-c'), service), 409);
  });

  it('a banned seller: its next grant is 403 and the next access check on it is denied, at once', async () => {
    api = await startApi();
    const [first, second] = [await publish(api, 'First'), await publish(api, 'Second')];
    const seller = shop('shop-banned');
    await warm(api, seller, first);
    expectStatus(await api.as(admin).post(`/v1/admin/sellers/${seller.sub}/ban`, { reason: 'fraud' }), 200);
    expect(await access(api, seller.sub)).toMatchObject({ allowed: false });
    await refused(api, () => grant(api!, seller, second), 403);
    // Others are not touched.
    expectStatus(await grant(api, shop('shop-fine'), second), 201);
  });

  it('a banned partner: the next grant to it is refused and access is denied, at once', async () => {
    api = await startApi();
    const [first, second] = [await publish(api, 'First'), await publish(api, 'Second')];
    await warm(api, shop('shop-p'), first);
    expectStatus(await api.as(admin).post(`/v1/admin/partners/${partner.sub}/ban`, { reason: 'fraud' }), 200);
    expect(await access(api, 'shop-p')).toMatchObject({ allowed: false });
    await refused(api, () => grant(api!, shop('shop-p'), second), 409);
  });

  it('sees a ban appended to the file by another writer (another process, the CLI)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsp-cache-e2e-'));
    dirs.push(dataDir);
    api = await startApi({ dataDir });
    const [first, second] = [await publish(api, 'First'), await publish(api, 'Second')];
    const seller = shop('shop-x');
    await warm(api, seller, first);
    const other = new SqliteEventStore({ file: join(dataDir, EVENT_LOG_FILE) });
    try {
      const bannedAt = api.clock.now().toISOString();
      await other.append(
        streams.seller(seller.sub),
        [
          {
            eventId: randomUUID(),
            type: 'SellerBanned',
            data: { sellerId: seller.sub, reason: 'fraud', bannedAt },
            metadata: {
              actor: { role: 'admin', sub: 'operator-1' },
              correlationId: randomUUID(),
              causationId: null,
              occurredAt: bannedAt,
              schemaVersion: schemaVersionOf('SellerBanned'),
            },
          },
        ],
        'no_stream',
      );
    } finally {
      await other.close();
    }
    expect(await access(api, seller.sub)).toMatchObject({ allowed: false });
    await refused(api, () => grant(api!, seller, second), 403);
  });
});
