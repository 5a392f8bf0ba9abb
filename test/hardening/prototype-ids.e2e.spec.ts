// Ids that are names of Object.prototype's properties (`constructor`, `valueOf`, `toString`...)
// are ids like any other: the partner guide, walked over every command route with such partner
// and seller ids, answers and records exactly what it does with ordinary ids. Before, a grant
// answered 201 ACTIVE and the cascade then ended it as PARTNER_BANNED / SELLER_BANNED, reading
// `bannedPartners['constructor']` from a plain object's prototype.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPrincipalId } from '#libs/domain';
import type { Principal } from '#libs/platform';
import { principals, startApi, type TestApi } from '../support/app.js';
import { T0 } from '../e2e/helpers.js';

/** Names a plain object answers without holding them, and a few more JavaScript reads specially. */
export const PROTOTYPE_NAMED_IDS = [
  ...Object.getOwnPropertyNames(Object.prototype),
  // `__proto__`-like strings the id rules allow (they refuse a leading `_`).
  'proto__',
  'prototype',
  'constructor.prototype',
  'toJSON',
  'then',
  'length',
  'size',
].filter(isPrincipalId);

const ADS = {
  name: 'Ads',
  visibility: 'PUBLIC',
  markets: ['US_L2L', 'US_CB'],
  validityDays: 90,
  requestedScopes: { authorizedObjects: ['SHOP'], shopOperationTicket: true, dataCompass: true },
};
const L2L = { authorizedObject: 'SHOP', dataCompass: true };

interface Ids {
  partner: string;
  seller: string;
  cbSeller: string;
}

/**
 * The guide over every command route; what it answers and appends, with the ids it was given
 * written as their role, so that two walks with different ids compare equal.
 */
async function walk(api: TestApi, ids: Ids): Promise<string[]> {
  const partner: Principal = { role: 'partner', sub: ids.partner };
  const seller: Principal = { role: 'seller', sub: ids.seller, market: 'US_L2L' };
  const cbSeller: Principal = { role: 'seller', sub: ids.cbSeller, market: 'US_CB' };
  const { admin } = principals;
  const trace: string[] = [];
  const anonymous = (text: string) =>
    text
      .replace(/"(au|pr)_[A-Za-z0-9_-]+"/g, '"$1_"')
      .replace(/"(sv|wh|lk)_[A-Za-z0-9_-]+"/g, '"$1_"')
      .replace(/"position":"\d+"/g, '"position"');
  const note = (step: string, answer: { status: number; body: unknown }, pick: (body: any) => unknown = () => undefined) =>
    trace.push(`${step}: ${answer.status} ${anonymous(JSON.stringify(pick(answer.body) ?? null))}`);
  const as = (p: Principal) => api.as(p);
  const access = async (step: string, permission = 'DATA_COMPASS', sellerId = ids.seller) =>
    note(
      step,
      await as(admin).get(`/v1/access-checks?partnerId=${ids.partner}&sellerId=${sellerId}&permission=${permission}`),
      (b) => b && { allowed: b.allowed, reason: b.reason, n: b.authorizationIds?.length },
    );
  const view = async (step: string, id: string) =>
    note(step, await as(seller).get(`/v1/authorizations/${id}`), (b) => ({ status: b.status, endReason: b.endReason, revision: b.revision }));

  const published = await as(partner).post('/v1/services', ADS);
  note('publish', published, (b) => Object.keys(b).sort());
  const custom = await as(partner).post('/v1/services', { ...ADS, name: 'Reports', visibility: 'CUSTOM', markets: ['US_L2L'], sellerIds: [ids.seller] });
  note('publish custom', custom);
  const ads = published.body as { serviceId: string; linkCode: string };
  const reports = custom.body as { serviceId: string; linkCode: string };
  note('open link', await as(seller).get(`/v1/authorization-links/${ads.linkCode}`), (b) => ({ partner: b.partnerId === ids.partner, n: b.services?.length }));
  note('open link (cb)', await as(cbSeller).get(`/v1/authorization-links/${ads.linkCode}`), (b) => ({ n: b.services?.length }));
  await access('access before');
  const granted = await as(seller).post('/v1/authorizations', {
    linkCode: ads.linkCode,
    grants: [
      { serviceId: ads.serviceId, scopes: L2L, validityDays: 30 },
      { serviceId: reports.serviceId, scopes: L2L },
    ],
  });
  note('grant', granted, (b) => b.authorizations?.map((a: { status: string }) => a.status));
  const [adsAuth, reportsAuth] = (granted.body.authorizations ?? []).map((a: { authorizationId: string }) => a.authorizationId) as string[];
  await api.settle();
  await access('access after grant');
  await view('view after grant', adsAuth!);
  note('edit', await as(seller).patch(`/v1/authorizations/${adsAuth}`, { autoRenew: true }));
  api.clock.advanceDays(10);
  note('renew', await as(seller).post(`/v1/authorizations/${adsAuth}/renew`));
  note('ask to renew', await as(partner).post(`/v1/authorizations/${reportsAuth}/renewal-requests`), (b) => Object.keys(b).sort());
  note('ask to renew, in bulk', await as(partner).post('/v1/partner/renewal-requests', { authorizationIds: [adsAuth, reportsAuth] }), (b) => b.requested);
  note('ask to cancel', await as(partner).post(`/v1/authorizations/${reportsAuth}/cancellation-requests`, { reason: 'done' }));
  note('reject', await as(seller).post(`/v1/authorizations/${reportsAuth}/cancellation-requests/reject`, { reason: 'no' }));
  note('ask to cancel again too soon', await as(partner).post(`/v1/authorizations/${adsAuth}/cancellation-requests`, { reason: 'done' }));
  note('approve', await as(seller).post(`/v1/authorizations/${adsAuth}/cancellation-requests/approve`));
  note('cancel', await as(seller).post(`/v1/authorizations/${reportsAuth}/cancel`, { reason: 'bye' }));
  note('remove', await as(seller).delete(`/v1/authorizations/${reportsAuth}`));
  note(
    'grant again',
    await as(seller).post('/v1/authorizations', { linkCode: reports.linkCode, grants: [{ serviceId: reports.serviceId, scopes: L2L }] }),
    (b) => b.authorizations?.map((a: { status: string }) => a.status),
  );
  await api.settle();
  await view('view after grant again', reportsAuth!);
  const propose = () =>
    as(partner).post('/v1/proposals', {
      sellerId: ids.cbSeller,
      sellerMarket: 'US_CB',
      services: [{ serviceId: ads.serviceId, scopes: { dataCompass: true } }],
    });
  const declined = await propose();
  note('propose', declined, (b) => Object.keys(b).sort());
  note('decline', await as(cbSeller).post(`/v1/proposals/${declined.body.proposalId}/decline`, { reason: 'no' }));
  const withdrawn = await propose();
  note('withdraw', await as(partner).post(`/v1/proposals/${withdrawn.body.proposalId}/withdraw`));
  const signed = await propose();
  const signature = await as(cbSeller).post(`/v1/proposals/${signed.body.proposalId}/sign`);
  note('sign', signature, (b) => b.authorizations?.map((a: { status: string }) => a.status));
  const cbAuth = signature.body.authorizations?.[0]?.authorizationId as string;
  await api.settle();
  await access('access of the signed one', 'DATA_COMPASS', ids.cbSeller);
  const hook = await as(partner).post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook' });
  note('subscribe', hook, (b) => Object.keys(b).sort());
  note('webhooks', await as(partner).get('/v1/webhooks'), (b) => b.items?.length);
  note('unsubscribe', await as(partner).delete(`/v1/webhooks/${hook.body.webhookId}`));
  note('admin deactivates', await as(admin).post(`/v1/admin/authorizations/${cbAuth}/deactivate`, { reason: 'check' }));
  const third = await as(partner).post('/v1/services', { ...ADS, name: 'Third' });
  note('deactivate a service', await as(partner).post(`/v1/services/${third.body.serviceId}/deactivate`, { reason: 'old' }));
  await api.settle();
  note('partner page', await as(partner).get('/v1/partner/sellers'), (b) => ({ total: b.total, counts: b.countsByStatus }));
  note('partner services', await as(partner).get('/v1/partner/services'), (b) =>
    b.items?.map((s: { status: string; activeAuthorizations: number }) => `${s.status} ${s.activeAuthorizations}`).sort(),
  );
  note('seller page', await as(seller).get('/v1/seller/services'), (b) =>
    b.items?.map((a: { status: string; endReason?: string }) => `${a.status} ${a.endReason ?? ''}`).sort(),
  );
  note('seller proposals', await as(cbSeller).get('/v1/seller/proposals'), (b) => b.items?.map((p: { status: string }) => p.status).sort());
  note('partner proposals', await as(partner).get('/v1/partner/proposals'), (b) => b.items?.map((p: { status: string }) => p.status).sort());
  await access('access before the bans');
  // The bans, and their cascade: the only PARTNER_BANNED / SELLER_BANNED ends of the walk.
  note('ban the seller', await as(admin).post(`/v1/admin/sellers/${ids.seller}/ban`, { reason: 'fraud' }));
  await api.settle();
  await view('view after the seller ban', reportsAuth!);
  note('banned seller grants', await as(seller).post('/v1/authorizations', { linkCode: ads.linkCode, grants: [{ serviceId: ads.serviceId, scopes: L2L }] }));
  note('ban the partner', await as(admin).post(`/v1/admin/partners/${ids.partner}/ban`, { reason: 'fraud' }));
  await api.settle();
  note('banned partner publishes', await as(partner).post('/v1/services', ADS));
  // The read models rebuilt from the log hold the same pages.
  const replay = await as(admin).post('/v1/admin/read-models/replays', { projection: 'all' });
  note('replay', replay);
  for (let i = 0; i < 400; i++) {
    const got = await as(admin).get(`/v1/admin/read-models/replays/${replay.body.replayId}`);
    if (got.body?.status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  note('partner page after the replay', await as(partner).get('/v1/partner/sellers'), (b) => ({ total: b.total, counts: b.countsByStatus }));
  note('seller page after the replay', await as(cbSeller).get('/v1/seller/services'), (b) =>
    b.items?.map((a: { status: string; endReason?: string }) => `${a.status} ${a.endReason ?? ''}`).sort(),
  );
  note('partner services after the ban', await as(partner).get('/v1/partner/services'), (b) => b.items?.map((s: { status: string }) => s.status).sort());
  await access('access after the bans', 'DATA_COMPASS', ids.cbSeller);
  const log = await api.store.readAll({ fromPosition: 0n, limit: 10_000 });
  for (const e of log) {
    const data = e.data as { endReason?: string; cause?: string };
    trace.push(`event ${e.type} ${data.endReason ?? data.cause ?? ''} by ${e.metadata.actor.role}`);
  }
  return trace;
}

describe('ids named like Object.prototype properties', () => {
  const ordinary: Ids = { partner: 'partner-1', seller: 'shop-1', cbSeller: 'shop-cb' };
  let expected: string[];

  const walkFresh = async (ids: Ids) => {
    const api = await startApi({ now: T0, config: { webhookAllowHttp: true, webhookAllowPrivate: true } });
    try {
      return await walk(api, ids);
    } finally {
      await api.close();
    }
  };

  beforeAll(async () => {
    expected = await walkFresh(ordinary);
  });
  afterAll(() => undefined);

  it('the walk with ordinary ids is the partner guide: no ban ends anything before the bans', () => {
    expect(PROTOTYPE_NAMED_IDS).toEqual(expect.arrayContaining(['constructor', 'valueOf', 'hasOwnProperty', 'toString', 'isPrototypeOf']));
    expect(expected).toContain('grant: 201 ["ACTIVE","ACTIVE"]');
    expect(expected).toContain('access after grant: 200 {"allowed":true,"reason":"ALLOWED","n":2}');
    const ends = expected.filter((line) => /event AuthorizationDeactivated (PARTNER|SELLER)_BANNED/.test(line));
    expect(ends.length).toBeGreaterThan(0);
    const firstBan = expected.findIndex((line) => line.startsWith('event SellerBanned'));
    expect(expected.findIndex((line) => /event AuthorizationDeactivated (PARTNER|SELLER)_BANNED/.test(line))).toBeGreaterThan(firstBan);
  });

  it('every command route answers and appends exactly as with ordinary ids', async () => {
    const id = fc.constantFrom(...PROTOTYPE_NAMED_IDS);
    const triple = fc
      .tuple(id, id, id)
      .filter(([, seller, cbSeller]) => seller !== cbSeller)
      .map(([partner, seller, cbSeller]): Ids => ({ partner, seller, cbSeller }));
    // Every name is tried as the partner and as the seller at least once, then random triples.
    const examples = PROTOTYPE_NAMED_IDS.map((name, i): [Ids] => [
      { partner: name, seller: PROTOTYPE_NAMED_IDS[(i + 1) % PROTOTYPE_NAMED_IDS.length]!, cbSeller: name },
    ]);
    await fc.assert(
      fc.asyncProperty(triple, async (ids) => {
        expect(await walkFresh(ids)).toEqual(expected);
      }),
      { examples, numRuns: examples.length + 4 },
    );
  }, 600_000);
});
