// An end-to-end run that calls every route of API.md at least once with success, and gives each
// error status of the contract table, recording every answer so that the contract test can
// validate it against /docs-json.
import type { Principal } from '#libs/platform';
import { ChangeFeed } from '../../../apps/api/src/changes/change-feed.js';
import { type Answer, type Client, principals, type TestApi } from '../../support/app.js';

export interface Recorded {
  method: string;
  url: string;
  status: number;
  contentType: string;
  text: string;
  /** The JSON body sent, if any. */
  sent?: string;
}

/** Clients whose every answer is kept. */
export function recording(api: TestApi): { as(principal: Principal | string | null, headers?: Record<string, string>): Client; answers: Recorded[] } {
  const answers: Recorded[] = [];
  const keep = (method: string, url: string, sent?: unknown) => async (answer: Promise<Answer>) => {
    const got = await answer;
    const body = typeof sent === 'string' ? sent : sent === undefined ? undefined : JSON.stringify(sent);
    answers.push({
      method,
      url,
      status: got.status,
      contentType: String(got.headers['content-type'] ?? ''),
      text: got.text,
      ...(body !== undefined && { sent: body }),
    });
    return got;
  };
  return {
    answers,
    as(principal, headers) {
      const client = api.as(principal, headers);
      return {
        get: (url, h) => keep('GET', url)(client.get(url, h)),
        post: (url, body, h) => keep('POST', url, body ?? {})(client.post(url, body, h)),
        patch: (url, body, h) => keep('PATCH', url, body ?? {})(client.patch(url, body, h)),
        delete: (url, h) => keep('DELETE', url)(client.delete(url, h)),
        raw: (method, url, payload, h) => keep(method, url, payload?.toString())(client.raw(method, url, payload, h)),
      };
    },
  };
}

const { partner, seller, cbSeller, admin, auditor } = principals;
const ADS = {
  name: 'Ads Booster',
  description: 'We run your ads',
  visibility: 'PUBLIC',
  markets: ['US_L2L', 'US_CB'],
  validityDays: 180,
  requestedScopes: { authorizedObjects: ['SHOP', 'SHOP_AND_TIKTOK_ACCOUNT'], shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true },
};
const REPORTS = {
  name: 'Reports',
  visibility: 'CUSTOM',
  markets: ['US_L2L'],
  sellerIds: ['shop-1'],
  requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
};
const SPARE = { name: 'Spare', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'] } };

function ok(answer: Answer, status: number): any {
  if (answer.status !== status) throw new Error(`expected HTTP ${status}, got ${answer.status}: ${answer.text}`);
  return answer.body;
}

/** Runs the scenario; throws on any unexpected status (the run itself must be the one intended). */
export async function contractRun(api: TestApi, as: ReturnType<typeof recording>['as']): Promise<void> {
  const P = as(partner);
  const S = as(seller);
  const ads = ok(await P.post('/v1/services', ADS), 201);
  const reports = ok(await P.post('/v1/services', REPORTS), 201);
  const spare = ok(await P.post('/v1/services', SPARE), 201);
  ok(await P.get(`/v1/services/${reports.serviceId}`), 200);
  ok(await S.get(`/v1/services/${reports.serviceId}`), 200);
  ok(await P.get('/v1/partner/services?status=ACTIVE'), 200);
  ok(await S.get(`/v1/authorization-links/${ads.linkCode}`), 200);
  ok(await as(cbSeller).get(`/v1/authorization-links/${ads.linkCode}`), 200);

  const granted = ok(
    await S.post('/v1/authorizations', {
      linkCode: ads.linkCode,
      grants: [
        { serviceId: ads.serviceId, scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true }, validityDays: 90 },
        { serviceId: reports.serviceId, scopes: { authorizedObject: 'SHOP' }, autoRenew: true },
      ],
    }),
    201,
  );
  const [au1, au2] = granted.authorizations.map((a: { authorizationId: string }) => a.authorizationId) as [string, string];
  ok(await S.get(`/v1/authorizations/${au1}`), 200);
  ok(await P.get(`/v1/authorizations/${au2}`), 200);
  ok(await P.get(`/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=SELLER_CENTER:ADS_MANAGER`), 200);
  ok(await P.get(`/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=SHOP_OPERATION_TICKET`), 200);
  const edited = await S.patch(`/v1/authorizations/${au1}`, { autoRenew: true }, { 'If-Match': '"1"' });
  ok(edited, 200);
  ok(await S.post(`/v1/authorizations/${au1}/renew`), 200);
  ok(await P.post(`/v1/authorizations/${au1}/renewal-requests`), 201);
  ok(await P.post('/v1/partner/renewal-requests', { expiringWithinDays: 365 }), 201);
  ok(await P.post(`/v1/authorizations/${au1}/cancellation-requests`, { reason: 'we stop', note: 'thanks' }), 201);
  ok(await S.get(`/v1/authorizations/${au1}`), 200); // with its pending cancellation request
  ok(await S.post(`/v1/authorizations/${au1}/cancellation-requests/reject`, { reason: 'still needed' }), 200);
  ok(await P.post(`/v1/authorizations/${au2}/cancellation-requests`, { reason: 'we stop' }), 201);
  ok(await S.post(`/v1/authorizations/${au2}/cancellation-requests/approve`), 200);
  ok(await S.delete(`/v1/authorizations/${au2}`), 200);
  ok(await S.post(`/v1/authorizations/${au1}/cancel`, { reason: 'done' }), 200);
  ok(await P.get('/v1/partner/sellers?sort=-expiresAt&page=1&pageSize=20'), 200);
  ok(await P.get('/v1/partner/sellers?status=CANCELLED', { accept: 'text/csv' }), 200);
  ok(await S.get('/v1/seller/services', { 'X-Min-Position': '1' }), 200);
  ok(await P.get(`/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=DATA_COMPASS`), 200);

  const proposal = (serviceId: string) => ({
    sellerId: 'shop-1',
    sellerMarket: 'US_L2L',
    services: [{ serviceId, scopes: { authorizedObject: 'SHOP' } }],
    message: 'hello',
  });
  const p1 = ok(await P.post('/v1/proposals', proposal(ads.serviceId)), 201).proposalId;
  const p2 = ok(await P.post('/v1/proposals', proposal(reports.serviceId)), 201).proposalId;
  const p3 = ok(await P.post('/v1/proposals', proposal(spare.serviceId)), 201).proposalId;
  ok(await S.get('/v1/seller/proposals?status=PENDING'), 200);
  ok(await S.post(`/v1/proposals/${p1}/sign`), 201);
  ok(await S.post(`/v1/proposals/${p2}/decline`, { reason: 'no' }), 200);
  ok(await P.post(`/v1/proposals/${p3}/withdraw`), 200);
  ok(await P.get('/v1/partner/proposals'), 200);

  ok(await P.post(`/v1/services/${spare.serviceId}/deactivate`, { reason: 'retired' }), 200);
  ok(await as(admin).post(`/v1/admin/authorizations/${au1}/deactivate`, { reason: 'abuse' }), 200);
  ok(await as(admin).post('/v1/admin/sellers/shop-cb/ban', { reason: 'fraud' }), 200);
  ok(await as(admin).post('/v1/admin/partners/partner-2/ban', { reason: 'fraud' }), 200);

  const hook = ok(await P.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['AUTHORIZATION_GRANTED'] }), 201);
  ok(await P.get('/v1/webhooks'), 200);
  ok(await P.get(`/v1/webhooks/${hook.webhookId}/deliveries?limit=10`), 200);
  ok(await P.post(`/v1/webhooks/${hook.webhookId}/secret-rotations`), 201);
  ok(await P.delete(`/v1/webhooks/${hook.webhookId}`), 200);

  const A = as(auditor);
  ok(await A.get('/v1/audit/events?limit=5&type=AuthorizationGranted'), 200);
  ok(await A.get('/v1/audit/events?fromPosition=0&limit=1000'), 200);
  ok(await A.get(`/v1/audit/authorizations/${au1}/history`), 200);
  ok(await A.get(`/v1/audit/authorizations/${au1}/state?asOf=${encodeURIComponent(api.clock.now().toISOString())}`), 200);
  // The change stream answers 200 and stays open: ended here as a shutdown ends it.
  const changes = A.get('/v1/changes?after=0');
  while (api.app.get(ChangeFeed).openStreams === 0) await new Promise((r) => setTimeout(r, 5));
  api.app.get(ChangeFeed).endStreams();
  ok(await changes, 200);
  ok(await S.get('/v1/whoami'), 200);
  ok(await as(null).get('/health/live'), 200);
  ok(await as(null).get('/health/ready'), 200);
  ok(await as(null).get('/metrics'), 200);

  // Every error status of the contract table that one process can give on demand (429 aside).
  ok(await as(null).get('/v1/partner/services'), 401);
  ok(await P.post(`/v1/authorizations/${au1}/cancel`), 403);
  ok(await S.get('/v1/authorizations/au_nothing'), 404);
  ok(await P.post('/v1/services', { ...ADS, name: '' }), 400);
  ok(await S.raw('POST', '/v1/authorizations', '{"linkCode":'), 400);
  ok(await S.post(`/v1/authorizations/${au1}/renew`), 409);
  ok(await S.patch(`/v1/authorizations/${au1}`, { autoRenew: false }, { 'If-Match': '"999"' }), 412);
  ok(await S.raw('POST', '/v1/authorizations', JSON.stringify({ linkCode: ads.linkCode, grants: [], pad: 'x'.repeat(api.config.bodyLimitBytes) })), 413);
  ok(
    await S.post('/v1/authorizations', {
      linkCode: ads.linkCode,
      grants: [{ serviceId: ads.serviceId, scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['FINANCE_SPECIALIST'] } }],
    }),
    422,
  );
  ok(await S.get('/v1/seller/services', { 'X-Min-Position': '999999' }), 503);
}
