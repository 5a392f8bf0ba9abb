// Malformed and hostile requests, one row each: what is sent, and the refusal the contract asks
// for. Urls and bodies name the world's ids as {placeholders} (support/world.ts). Each row is run
// by hostile-requests.e2e.spec.ts, which also checks that not one event was appended.
import { ManualClock, type Principal, tokenSigner } from '#libs/platform';
import { principals, TEST_SECRET } from '../support/app.js';
import { L2L_SCOPES, SERVICE } from './support/world.js';

export interface HostileRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** A principal (signed properly), a raw Authorization token, or null for none. */
  as: Principal | string | null;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent byte for byte instead (malformed JSON, prototype keys a JS object cannot hold). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Row {
  name: string;
  request: HostileRequest;
  expect: { status: number; code?: string; field?: string };
}

const { partner, otherPartner, seller, otherSeller, admin, auditor } = principals;
const grantOf = (grant: object) => ({ linkCode: '{linkCode}', grants: [{ serviceId: '{service}', scopes: L2L_SCOPES, ...grant }] });
const PROPOSAL = { sellerId: 'shop-cb', sellerMarket: 'US_CB', services: [{ serviceId: '{service}', scopes: { dataCompass: true } }] };
const deep = (depth: number) => `{"name":"x","nested":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const text = (n: number) => 'x'.repeat(n);

const post = (url: string, as: HostileRequest['as'], body?: unknown, headers?: Record<string, string>): HostileRequest => ({
  method: 'POST',
  url,
  as,
  ...(body !== undefined && { body }),
  ...(headers && { headers }),
});
const raw = (method: HostileRequest['method'], url: string, as: HostileRequest['as'], payload: string, headers?: Record<string, string>): HostileRequest => ({
  method,
  url,
  as,
  raw: payload,
  ...(headers && { headers }),
});
const get = (url: string, as: HostileRequest['as'], headers?: Record<string, string>): HostileRequest => ({
  method: 'GET',
  url,
  as,
  ...(headers && { headers }),
});
const patch = (url: string, as: HostileRequest['as'], body: unknown, headers?: Record<string, string>): HostileRequest => ({
  method: 'PATCH',
  url,
  as,
  body,
  ...(headers && { headers }),
});
const bad = (field?: string, code = 'REQUEST.INVALID') => ({ status: 400, code, ...(field !== undefined && { field }) });

/** GET /v1/changes: resume positions that are not positions, and a token anywhere but the header. These answer at once, before any stream opens. */
export const CHANGES: Row[] = [
  { name: 'a change stream without a token', request: get('/v1/changes', null), expect: { status: 401 } },
  {
    name: 'a change stream with the token in the URL instead of the header',
    request: get(`/v1/changes?access_token=${tokenSigner(TEST_SECRET, new ManualClock('2026-03-01T10:00:00.000Z'))(partner, 3_600)}`, null),
    expect: { status: 401 },
  },
  { name: 'a Last-Event-ID that is not a number', request: get('/v1/changes', partner, { 'Last-Event-ID': 'abc' }), expect: bad('Last-Event-ID') },
  { name: 'a Last-Event-ID with SQL in it', request: get('/v1/changes', seller, { 'Last-Event-ID': "1' OR '1'='1" }), expect: bad('Last-Event-ID') },
  { name: 'a negative Last-Event-ID', request: get('/v1/changes', auditor, { 'Last-Event-ID': '-1' }), expect: bad('Last-Event-ID') },
  { name: 'a Last-Event-ID of 21 digits', request: get('/v1/changes', admin, { 'Last-Event-ID': '9'.repeat(21) }), expect: bad('Last-Event-ID') },
  { name: 'a Last-Event-ID past 2^64', request: get('/v1/changes', partner, { 'Last-Event-ID': '18446744073709551616' }), expect: bad('Last-Event-ID') },
  {
    name: "a Last-Event-ID beyond the log's head",
    request: get('/v1/changes', partner, { 'Last-Event-ID': '18446744073709551615' }),
    expect: bad('Last-Event-ID'),
  },
  { name: 'an after that is a float', request: get('/v1/changes?after=1.5', seller), expect: bad('after') },
  { name: 'an after in exponent form', request: get('/v1/changes?after=1e9', seller), expect: bad('after') },
  { name: 'an after given twice', request: get('/v1/changes?after=1&after=2', partner), expect: bad('after') },
  { name: 'an after {"$gt": 0}', request: get('/v1/changes?after[$gt]=0', partner), expect: bad() },
  { name: 'an unknown query parameter on the change stream', request: get('/v1/changes?partnerId=partner-2', partner), expect: bad('partnerId') },
];

export const MALFORMED: Row[] = [
  { name: 'malformed JSON', request: raw('POST', '/v1/services', partner, '{"name": "Ads",'), expect: bad(undefined, 'REQUEST.MALFORMED_JSON') },
  {
    name: 'JSON cut short in a grant',
    request: raw('POST', '/v1/authorizations', seller, '{"linkCode":"{linkCode}","grants":[{'),
    expect: bad(undefined, 'REQUEST.MALFORMED_JSON'),
  },
  { name: 'an array as the body of a publish', request: post('/v1/services', partner, [SERVICE]), expect: bad('') },
  { name: 'an array as the body of a grant', request: post('/v1/authorizations', seller, [grantOf({})]), expect: bad('') },
  { name: 'a number as the body of a proposal', request: raw('POST', '/v1/proposals', partner, '42'), expect: bad('') },
  { name: 'a string as the body of an edit', request: raw('PATCH', '/v1/authorizations/{active}', seller, '"autoRenew"'), expect: bad('') },
  { name: 'true as the body of a cancel', request: raw('POST', '/v1/authorizations/{active}/cancel', seller, 'true'), expect: bad('') },
  { name: 'null as the body of an edit (no field given)', request: raw('PATCH', '/v1/authorizations/{active}', seller, 'null'), expect: bad('scopes') },
  { name: 'an array to a route that takes no body (renew)', request: raw('POST', '/v1/authorizations/{active}/renew', seller, '[1,2,3]'), expect: bad('') },
  {
    name: 'a field to a route that takes no body (approve)',
    request: post('/v1/authorizations/{active}/cancellation-requests/approve', seller, { force: true }),
    expect: bad('force'),
  },
  { name: 'a body on DELETE', request: raw('DELETE', '/v1/authorizations/{cancelled}', seller, '{"hard":true}'), expect: bad('hard') },
  { name: 'text/plain instead of JSON', request: raw('POST', '/v1/services', partner, 'name=Ads', { 'content-type': 'text/plain' }), expect: bad('') },
  {
    name: 'XML instead of JSON',
    request: raw('POST', '/v1/authorizations', seller, '<grant/>', { 'content-type': 'application/xml' }),
    expect: { status: 415, code: 'REQUEST.MEDIA_TYPE' },
  },
  { name: 'a JSON nested 5,000 deep', request: raw('POST', '/v1/services', partner, deep(5_000)), expect: bad(undefined, 'REQUEST.MALFORMED_JSON') },
  {
    name: 'a JSON nested 33 deep on a route that takes no body',
    request: raw('POST', '/v1/authorizations/{active}/renew', seller, deep(33)),
    expect: bad(undefined, 'REQUEST.MALFORMED_JSON'),
  },
];

export const WRONG_TYPES: Row[] = [
  { name: 'name as a number', request: post('/v1/services', partner, { ...SERVICE, name: 42 }), expect: bad('name') },
  { name: 'markets as a string', request: post('/v1/services', partner, { ...SERVICE, markets: 'US_L2L' }), expect: bad('markets') },
  { name: 'validityDays as a string', request: post('/v1/services', partner, { ...SERVICE, validityDays: '90' }), expect: bad('validityDays') },
  { name: 'validityDays as a fraction', request: post('/v1/authorizations', seller, grantOf({ validityDays: 1.5 })), expect: bad('grants[0].validityDays') },
  { name: 'grants as an object', request: post('/v1/authorizations', seller, { linkCode: '{linkCode}', grants: { 0: {} } }), expect: bad('grants') },
  {
    name: 'a scope flag as a string',
    request: post('/v1/authorizations', seller, grantOf({ scopes: { dataCompass: 'yes' } })),
    expect: bad('grants[0].scopes.dataCompass'),
  },
  { name: 'autoRenew as a string', request: patch('/v1/authorizations/{active}', seller, { autoRenew: 'true' }), expect: bad('autoRenew') },
  { name: 'seller ids as numbers', request: post('/v1/services', partner, { ...SERVICE, visibility: 'CUSTOM', sellerIds: [1, 2] }), expect: bad('sellerIds') },
  { name: 'linkCode as a number', request: post('/v1/authorizations', seller, { ...grantOf({}), linkCode: 123 }), expect: bad('linkCode') },
  { name: 'expiringWithinDays as a word', request: get('/v1/seller/services?expiringWithinDays=soon', seller), expect: bad('expiringWithinDays') },
];

export const UNKNOWN_FIELDS: Row[] = [
  { name: 'an unknown field on a publish', request: post('/v1/services', partner, { ...SERVICE, colour: 'red' }), expect: bad('colour') },
  { name: 'an unknown field in a grant', request: post('/v1/authorizations', seller, grantOf({ price: 0 })), expect: bad('grants[0].price') },
  {
    name: 'an unknown scope',
    request: post('/v1/authorizations', seller, grantOf({ scopes: { ...L2L_SCOPES, allPermissions: true } })),
    expect: bad('grants[0].scopes.allPermissions'),
  },
  {
    name: 'a status set by the client on an edit',
    request: patch('/v1/authorizations/{active}', seller, { status: 'ACTIVE', autoRenew: true }),
    expect: bad('status'),
  },
  {
    name: 'a revision set by the client on an edit',
    request: patch('/v1/authorizations/{active}', seller, { revision: 99, autoRenew: true }),
    expect: bad('revision'),
  },
  { name: 'an endReason on a cancel', request: post('/v1/authorizations/{active}/cancel', seller, { endReason: 'SELLER_BANNED' }), expect: bad('endReason') },
  { name: 'an unknown query parameter', request: get('/v1/partner/sellers?colour=red', partner), expect: bad('colour') },
];

export const OPERATORS: Row[] = [
  { name: 'linkCode {"$gt": ""}', request: post('/v1/authorizations', seller, { ...grantOf({}), linkCode: { $gt: '' } }), expect: bad('linkCode') },
  { name: 'name {"$ne": null}', request: post('/v1/services', partner, { ...SERVICE, name: { $ne: null } }), expect: bad('name') },
  {
    name: 'a serviceId {"$regex": ".*"}',
    request: post('/v1/authorizations', seller, { linkCode: '{linkCode}', grants: [{ serviceId: { $regex: '.*' }, scopes: L2L_SCOPES }] }),
    expect: bad('grants[0].serviceId'),
  },
  {
    name: 'a reason {"$where": ...}',
    request: post('/v1/authorizations/{active}/cancel', seller, { reason: { $where: 'sleep(1000)' } }),
    expect: bad('reason'),
  },
  { name: 'query sellerId[$ne]=x', request: get('/v1/partner/sellers?sellerId[$ne]=x', partner), expect: bad('sellerId[$ne]') },
  { name: 'query status[$in]=ACTIVE', request: get('/v1/seller/services?status[$in]=ACTIVE', seller), expect: bad('status[$in]') },
  {
    name: 'an access check for partnerId[$gt]=',
    request: get('/v1/access-checks?partnerId[$gt]=&sellerId=shop-1&permission=DATA_COMPASS', admin),
    expect: bad(),
  },
  { name: 'a status given twice (an array)', request: get('/v1/partner/sellers?status=ACTIVE&status=EXPIRED', partner), expect: bad('status') },
];

export const PROTOTYPE_KEYS: Row[] = [
  {
    name: '__proto__ at the top of a publish',
    request: raw('POST', '/v1/services', partner, '{"__proto__":{"admin":true},"name":"x"}'),
    expect: { status: 400 },
  },
  {
    name: 'constructor.prototype in a grant',
    request: raw('POST', '/v1/authorizations', seller, '{"constructor":{"prototype":{"admin":true}}}'),
    expect: { status: 400 },
  },
  {
    name: '__proto__ inside the scopes',
    request: raw('POST', '/v1/authorizations', seller, '{"linkCode":"x","grants":[{"serviceId":"s","scopes":{"__proto__":{"dataCompass":true}}}]}'),
    expect: { status: 400 },
  },
  {
    name: '__proto__ on an edit',
    request: raw('PATCH', '/v1/authorizations/{active}', seller, '{"autoRenew":true,"__proto__":{"status":"ACTIVE"}}'),
    expect: { status: 400 },
  },
];

export const OVERSIZED: Row[] = [
  { name: 'a name of 121 characters', request: post('/v1/services', partner, { ...SERVICE, name: text(121) }), expect: bad('name') },
  { name: 'a name of 200,000 characters', request: post('/v1/services', partner, { ...SERVICE, name: text(200_000) }), expect: bad('name') },
  { name: 'a description of 2,001 characters', request: post('/v1/services', partner, { ...SERVICE, description: text(2_001) }), expect: bad('description') },
  {
    name: 'a cancellation reason of 501 characters',
    request: post('/v1/authorizations/{active}/cancellation-requests', partner, { reason: text(501) }),
    expect: bad('reason'),
  },
  {
    name: 'a cancellation note of 2,001 characters',
    request: post('/v1/authorizations/{active}/cancellation-requests', partner, { reason: 'r', note: text(2_001) }),
    expect: bad('note'),
  },
  { name: 'a proposal message of 2,001 characters', request: post('/v1/proposals', partner, { ...PROPOSAL, message: text(2_001) }), expect: bad('message') },
  { name: 'a ban reason of 501 characters', request: post('/v1/admin/partners/partner-9/ban', admin, { reason: text(501) }), expect: bad('reason') },
  { name: 'a linkCode of 301 characters', request: post('/v1/authorizations', seller, { ...grantOf({}), linkCode: text(301) }), expect: bad('linkCode') },
  {
    name: 'a serviceId of 129 characters',
    request: post('/v1/authorizations', seller, { linkCode: '{linkCode}', grants: [{ serviceId: text(129), scopes: L2L_SCOPES }] }),
    expect: bad('grants[0].serviceId'),
  },
  {
    name: 'a body over the 1 MiB limit',
    request: post('/v1/services', partner, { ...SERVICE, description: text(1_100_000) }),
    expect: { status: 413, code: 'REQUEST.BODY_TOO_LARGE' },
  },
  {
    name: 'an Idempotency-Key of 256 characters',
    request: post('/v1/services', partner, SERVICE, { 'Idempotency-Key': text(256) }),
    expect: bad('Idempotency-Key'),
  },
  {
    name: 'an Idempotency-Key with a space',
    request: post('/v1/services', partner, SERVICE, { 'Idempotency-Key': 'two words' }),
    expect: bad('Idempotency-Key'),
  },
  { name: 'an X-Min-Position of 40 digits', request: get('/v1/partner/sellers', partner, { 'X-Min-Position': '9'.repeat(40) }), expect: bad('X-Min-Position') },
  {
    name: 'an If-Match that is not a revision',
    request: post('/v1/authorizations/{active}/renew', seller, undefined, { 'If-Match': '"1" OR 1=1' }),
    expect: bad('If-Match'),
  },
];

export const OVERSIZED_LISTS: Row[] = [
  {
    name: '51 grants at once',
    request: post('/v1/authorizations', seller, {
      linkCode: '{linkCode}',
      grants: Array.from({ length: 51 }, (_, i) => ({ serviceId: `svc-${i}`, scopes: L2L_SCOPES })),
    }),
    expect: bad('grants'),
  },
  {
    name: '1,001 seller ids',
    request: post('/v1/services', partner, { ...SERVICE, visibility: 'CUSTOM', sellerIds: Array.from({ length: 1_001 }, (_, i) => `shop-${i}`) }),
    expect: bad('sellerIds'),
  },
  {
    name: '100,000 seller ids',
    request: post('/v1/services', partner, { ...SERVICE, visibility: 'CUSTOM', sellerIds: Array.from({ length: 100_000 }, (_, i) => `s${i}`) }),
    expect: bad('sellerIds'),
  },
  {
    name: '6 markets',
    request: post('/v1/services', partner, { ...SERVICE, markets: ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER', 'US_L2L'] }),
    expect: bad('markets'),
  },
  {
    name: '11 services in a proposal',
    request: post('/v1/proposals', partner, { ...PROPOSAL, services: Array.from({ length: 11 }, () => PROPOSAL.services[0]) }),
    expect: bad('services'),
  },
  {
    name: '1,001 ids in a bulk renewal request',
    request: post('/v1/partner/renewal-requests', partner, { authorizationIds: Array.from({ length: 1_001 }, (_, i) => `auth-${i}`) }),
    expect: bad('authorizationIds'),
  },
  {
    name: 'a role twice in the scopes',
    request: post('/v1/authorizations', seller, grantOf({ scopes: { ...L2L_SCOPES, sellerCenterRoles: ['ADS_MANAGER', 'ADS_MANAGER'] } })),
    expect: bad('grants[0].scopes.sellerCenterRoles'),
  },
  { name: 'pageSize=101', request: get('/v1/partner/sellers?pageSize=101', partner), expect: bad('pageSize') },
  { name: 'pageSize=0', request: get('/v1/seller/services?pageSize=0', seller), expect: bad('pageSize') },
  { name: 'page=100001', request: get('/v1/partner/sellers?page=100001', partner), expect: bad('page') },
  { name: 'pageSize=1e3 on proposals', request: get('/v1/partner/proposals?pageSize=1e3', partner), expect: bad('pageSize') },
  { name: 'pageSize=1000 on the partner services', request: get('/v1/partner/services?pageSize=1000', partner), expect: bad('pageSize') },
  { name: 'expiringWithinDays=366', request: get('/v1/seller/services?expiringWithinDays=366', seller), expect: bad('expiringWithinDays') },
];

export const WRONG_ROLES: Row[] = [
  { name: 'a seller publishing a service', request: post('/v1/services', seller, SERVICE), expect: { status: 403 } },
  { name: 'a partner granting', request: post('/v1/authorizations', partner, grantOf({})), expect: { status: 403 } },
  { name: 'a partner cancelling (only the seller cancels)', request: post('/v1/authorizations/{active}/cancel', partner), expect: { status: 403 } },
  { name: 'a partner editing the scopes', request: patch('/v1/authorizations/{active}', partner, { autoRenew: true }), expect: { status: 403 } },
  { name: 'an auditor deactivating a service', request: post('/v1/services/{service}/deactivate', auditor), expect: { status: 403 } },
  { name: 'a seller banning a partner', request: post('/v1/admin/partners/partner-1/ban', seller, { reason: 'no' }), expect: { status: 403 } },
  {
    name: 'a partner deactivating an authorization (admin only)',
    request: post('/v1/admin/authorizations/{active}/deactivate', partner),
    expect: { status: 403 },
  },
  { name: 'a seller making a proposal', request: post('/v1/proposals', seller, PROPOSAL), expect: { status: 403 } },
  { name: 'an auditor asking for a renewal', request: post('/v1/authorizations/{active}/renewal-requests', auditor), expect: { status: 403 } },
  { name: 'a partner signing a proposal', request: post('/v1/proposals/{proposal}/sign', partner), expect: { status: 403 } },
  { name: 'an auditor reading the Seller management page', request: get('/v1/partner/sellers', auditor), expect: { status: 403 } },
  { name: 'a partner opening an authorization link (sellers only)', request: get('/v1/authorization-links/{linkCode}', partner), expect: { status: 403 } },
  { name: "a partner reading the sellers' proposals page", request: get('/v1/seller/proposals', partner), expect: { status: 403 } },
  { name: 'a seller listing webhooks', request: get('/v1/webhooks', seller), expect: { status: 403 } },
  { name: 'whoami without a token', request: get('/v1/whoami', null), expect: { status: 401 } },
];

export const OTHER_PRINCIPALS: Row[] = [
  { name: "another seller cancelling the seller's authorization", request: post('/v1/authorizations/{active}/cancel', otherSeller), expect: { status: 404 } },
  { name: 'another seller editing it', request: patch('/v1/authorizations/{active}', otherSeller, { autoRenew: true }), expect: { status: 404 } },
  {
    name: 'another seller removing the cancelled one',
    request: { method: 'DELETE', url: '/v1/authorizations/{cancelled}', as: otherSeller },
    expect: { status: 404 },
  },
  {
    name: 'another partner asking to cancel it',
    request: post('/v1/authorizations/{active}/cancellation-requests', otherPartner, { reason: 'mine now' }),
    expect: { status: 404 },
  },
  { name: 'another partner reading it', request: get('/v1/authorizations/{active}', otherPartner), expect: { status: 404 } },
  { name: "another partner deactivating the partner's service", request: post('/v1/services/{service}/deactivate', otherPartner), expect: { status: 404 } },
  { name: "another partner withdrawing the partner's proposal", request: post('/v1/proposals/{proposal}/withdraw', otherPartner), expect: { status: 404 } },
  { name: 'another seller signing a proposal made for shop-cb', request: post('/v1/proposals/{proposal}/sign', otherSeller), expect: { status: 404 } },
  {
    name: 'another partner asking to renew it, in bulk',
    request: post('/v1/partner/renewal-requests', otherPartner, { authorizationIds: ['{active}'] }),
    expect: { status: 404 },
  },
  {
    name: "a partner checking another partner's access",
    request: get('/v1/access-checks?partnerId=partner-2&sellerId=shop-1&permission=DATA_COMPASS', partner),
    expect: { status: 403 },
  },
  {
    name: "a seller checking another seller's access",
    request: get('/v1/access-checks?partnerId=partner-1&sellerId=shop-2&permission=DATA_COMPASS', seller),
    expect: { status: 403 },
  },
  { name: 'a forged link code (path traversal)', request: get('/v1/authorization-links/lk_..%2F..%2Fadmin', seller), expect: { status: 404 } },
  { name: 'a service id of 1,000 characters', request: get(`/v1/services/${text(1_000)}`, partner), expect: { status: 404 } },
  {
    name: 'an authorization id that decodes to another binding',
    request: get(`/v1/authorizations/au_${Buffer.from('partner-1~shop-2~x').toString('base64url')}`, seller),
    expect: { status: 404 },
  },
  { name: 'a seller declining a proposal made for another seller', request: post('/v1/proposals/{proposal}/decline', otherSeller), expect: { status: 404 } },
];

export const WEBHOOKS_AND_AUDIT: Row[] = [
  { name: 'a webhook url {"$gt": ""}', request: post('/v1/webhooks', partner, { url: { $gt: '' } }), expect: bad('url') },
  { name: 'a webhook url that is not absolute (javascript:)', request: post('/v1/webhooks', partner, { url: 'javascript:alert(1)' }), expect: bad('url') },
  {
    name: 'a webhook to the cloud metadata address (SSRF)',
    request: post('/v1/webhooks', partner, { url: 'https://169.254.169.254/latest/meta-data' }),
    expect: { status: 422, field: 'url' },
  },
  {
    name: 'a webhook to localhost (SSRF)',
    request: post('/v1/webhooks', partner, { url: 'https://127.0.0.1:8443/hook' }),
    expect: { status: 422, field: 'url' },
  },
  { name: 'a webhook url of 3,000 characters', request: post('/v1/webhooks', partner, { url: `https://tsp.example.com/${text(3_000)}` }), expect: bad('url') },
  {
    name: 'an unknown webhook event type',
    request: post('/v1/webhooks', partner, { url: 'https://tsp.example.com/h', eventTypes: ['EVERYTHING'] }),
    expect: bad('eventTypes'),
  },
  { name: 'a seller subscribing a webhook', request: post('/v1/webhooks', seller, { url: 'https://tsp.example.com/h' }), expect: { status: 403 } },
  {
    name: "unsubscribing another partner's (unknown) webhook",
    request: { method: 'DELETE', url: '/v1/webhooks/wh_not-mine', as: otherPartner },
    expect: { status: 404 },
  },
  // A partner's real webhook rotated by another partner: test/e2e/webhook-secret-rotation.e2e.spec.ts (404, nothing appended).
  {
    name: "rotating another partner's (unknown) webhook's secret",
    request: post('/v1/webhooks/wh_not-mine/secret-rotations', otherPartner),
    expect: { status: 404, code: 'WEBHOOK.NOT_FOUND' },
  },
  {
    name: 'a secret chosen by the client in a rotation',
    request: post('/v1/webhooks/wh_not-mine/secret-rotations', partner, { secret: 'whsec_AAAA' }),
    expect: bad('secret'),
  },
  { name: "a seller rotating a webhook's secret", request: post('/v1/webhooks/wh_not-mine/secret-rotations', seller), expect: { status: 403 } },
  { name: 'a delivery log of 501', request: get('/v1/webhooks/wh_x/deliveries?limit=501', partner), expect: bad('limit') },
  { name: 'an audit page of 1,001 events', request: get('/v1/audit/events?limit=1001', auditor), expect: bad('limit') },
  { name: 'an audit type that is not an event type', request: get('/v1/audit/events?type=DROP%20TABLE', auditor), expect: bad('type') },
  { name: 'an audit fromPosition of 21 digits', request: get(`/v1/audit/events?fromPosition=${'9'.repeat(21)}`, admin), expect: bad('fromPosition') },
  { name: 'a partner reading the whole audit log', request: get('/v1/audit/events', partner), expect: { status: 403 } },
  {
    name: "another partner reading an authorization's history",
    request: get('/v1/audit/authorizations/{active}/history', otherPartner),
    expect: { status: 404 },
  },
  { name: 'an audit state asOf that is not a time', request: get('/v1/audit/authorizations/{active}/state?asOf=yesterday', auditor), expect: bad('asOf') },
  {
    name: 'a partner starting a read-model replay',
    request: post('/v1/admin/read-models/replays', partner, { projection: 'authorizations' }),
    expect: { status: 403 },
  },
  {
    name: 'a replay of projection {"$ne": null}',
    request: post('/v1/admin/read-models/replays', admin, { projection: { $ne: null } }),
    expect: bad('projection'),
  },
];

// Second round (issue 15, items 1, 4 and 5).

const au = (partnerId: string, sellerId: string, serviceId: string) => `au_${Buffer.from(`${partnerId}~${sellerId}~${serviceId}`).toString('base64url')}`;

export const PROTOTYPE_NAMED_IDS: Row[] = [
  {
    name: 'cancelling an authorization of a service named constructor',
    request: post(`/v1/authorizations/${au('partner-1', 'shop-1', 'constructor')}/cancel`, seller),
    expect: { status: 404 },
  },
  {
    name: 'renewing one of a service named __proto__-like',
    request: post(`/v1/authorizations/${au('partner-1', 'shop-1', 'proto__')}/renew`, seller),
    expect: { status: 404 },
  },
  {
    name: 'reading one of a service named toString',
    request: get(`/v1/authorizations/${au('partner-1', 'shop-1', 'toString')}`, seller),
    expect: { status: 404 },
  },
  {
    name: 'signing a proposal whose nonce is valueOf',
    request: post(`/v1/proposals/pr_${Buffer.from('partner-1~shop-cb~valueOf').toString('base64url')}/sign`, principals.cbSeller),
    expect: { status: 404 },
  },
  {
    name: 'a grant of a service named hasOwnProperty',
    request: post('/v1/authorizations', seller, { linkCode: '{linkCode}', grants: [{ serviceId: 'hasOwnProperty', scopes: L2L_SCOPES }] }),
    expect: { status: 404 },
  },
];

export const NULLS_CHARSETS_AND_NUMBERS: Row[] = [
  { name: 'validityDays: null on a publish', request: post('/v1/services', partner, { ...SERVICE, validityDays: null }), expect: bad('validityDays') },
  { name: 'description: null on a publish', request: post('/v1/services', partner, { ...SERVICE, description: null }), expect: bad('description') },
  { name: 'sellerIds: null on a public publish', request: post('/v1/services', partner, { ...SERVICE, sellerIds: null }), expect: bad('sellerIds') },
  {
    name: 'a requested scope flag null',
    request: post('/v1/services', partner, { ...SERVICE, requestedScopes: { ...SERVICE.requestedScopes, dataCompass: null } }),
    expect: bad('requestedScopes.dataCompass'),
  },
  {
    name: 'a seller id null in a custom publish',
    request: post('/v1/services', partner, { ...SERVICE, visibility: 'CUSTOM', sellerIds: ['shop-1', null] }),
    expect: bad('sellerIds'),
  },
  {
    name: 'validityDays: null in a grant',
    request: post('/v1/authorizations', seller, grantOf({ validityDays: null })),
    expect: bad('grants[0].validityDays'),
  },
  { name: 'autoRenew: null in a grant', request: post('/v1/authorizations', seller, grantOf({ autoRenew: null })), expect: bad('grants[0].autoRenew') },
  {
    name: 'sellerCenterRoles: null in a grant',
    request: post('/v1/authorizations', seller, grantOf({ scopes: { ...L2L_SCOPES, sellerCenterRoles: null } })),
    expect: bad('grants[0].scopes.sellerCenterRoles'),
  },
  { name: 'autoRenew: null on an edit', request: patch('/v1/authorizations/{active}', seller, { autoRenew: null }), expect: bad('autoRenew') },
  {
    name: 'scopes: null on an edit, with autoRenew',
    request: patch('/v1/authorizations/{active}', seller, { scopes: null, autoRenew: true }),
    expect: bad('scopes'),
  },
  { name: 'reason: null on a cancel', request: post('/v1/authorizations/{active}/cancel', seller, { reason: null }), expect: bad('reason') },
  {
    name: 'note: null on a cancellation request',
    request: post('/v1/authorizations/{active}/cancellation-requests', partner, { reason: 'done', note: null }),
    expect: bad('note'),
  },
  {
    name: 'reason: null on a rejection',
    request: post('/v1/authorizations/{active}/cancellation-requests/reject', seller, { reason: null }),
    expect: bad('reason'),
  },
  {
    name: 'expiringWithinDays: null in a bulk renewal request',
    request: post('/v1/partner/renewal-requests', partner, { authorizationIds: ['{active}'], expiringWithinDays: null }),
    expect: bad('expiringWithinDays'),
  },
  { name: 'message: null on a proposal', request: post('/v1/proposals', partner, { ...PROPOSAL, message: null }), expect: bad('message') },
  { name: 'expiresInDays: null on a proposal', request: post('/v1/proposals', partner, { ...PROPOSAL, expiresInDays: null }), expect: bad('expiresInDays') },
  {
    name: 'a proposed validityDays: null',
    request: post('/v1/proposals', partner, { ...PROPOSAL, services: [{ ...PROPOSAL.services[0], validityDays: null }] }),
    expect: bad('services[0].validityDays'),
  },
  { name: 'reason: null on a decline', request: post('/v1/proposals/{proposal}/decline', principals.cbSeller, { reason: null }), expect: bad('reason') },
  { name: 'reason: null on a service deactivation', request: post('/v1/services/{service}/deactivate', partner, { reason: null }), expect: bad('reason') },
  {
    name: 'reason: null on an admin deactivation',
    request: post('/v1/admin/authorizations/{active}/deactivate', admin, { reason: null }),
    expect: bad('reason'),
  },
  {
    name: 'eventTypes: null on a webhook',
    request: post('/v1/webhooks', partner, { url: 'https://tsp.example.com/h', eventTypes: null }),
    expect: bad('eventTypes'),
  },
  {
    name: 'a body in ISO-8859-1',
    request: raw('POST', '/v1/services', partner, JSON.stringify(SERVICE), { 'content-type': 'application/json; charset=iso-8859-1' }),
    expect: { status: 415, code: 'REQUEST.MEDIA_TYPE' },
  },
  {
    name: 'a grant in UTF-16',
    request: raw('POST', '/v1/authorizations', seller, JSON.stringify(grantOf({})), { 'content-type': 'application/json; charset=utf-16' }),
    expect: { status: 415, code: 'REQUEST.MEDIA_TYPE' },
  },
  {
    name: 'an edit in "latin1" (quoted)',
    request: raw('PATCH', '/v1/authorizations/{active}', seller, '{"autoRenew":true}', { 'content-type': 'application/json; charset="latin1"' }),
    expect: { status: 415, code: 'REQUEST.MEDIA_TYPE' },
  },
  {
    name: 'text in windows-1252',
    request: raw('POST', '/v1/authorizations/{active}/cancel', seller, 'reason=x', { 'content-type': 'text/plain; charset=windows-1252' }),
    expect: { status: 415, code: 'REQUEST.MEDIA_TYPE' },
  },
  { name: 'pageSize=0x10 (hexadecimal)', request: get('/v1/partner/sellers?pageSize=0x10', partner), expect: bad('pageSize') },
  { name: 'pageSize=1e1 (an exponent)', request: get('/v1/partner/sellers?pageSize=1e1', partner), expect: bad('pageSize') },
  { name: 'pageSize=+16', request: get('/v1/partner/sellers?pageSize=%2B16', partner), expect: bad('pageSize') },
  { name: 'pageSize with a leading space', request: get('/v1/partner/sellers?pageSize=%2016', partner), expect: bad('pageSize') },
  { name: 'pageSize=016 (a leading zero)', request: get('/v1/seller/services?pageSize=016', seller), expect: bad('pageSize') },
  { name: 'pageSize=16.0', request: get('/v1/partner/services?pageSize=16.0', partner), expect: bad('pageSize') },
  { name: 'page=0b11 (binary)', request: get('/v1/seller/proposals?page=0b11', principals.cbSeller), expect: bad('page') },
  { name: 'expiringWithinDays=0x1E', request: get('/v1/seller/services?expiringWithinDays=0x1E', seller), expect: bad('expiringWithinDays') },
  { name: 'an audit limit of 0x10', request: get('/v1/audit/events?limit=0x10', auditor), expect: bad('limit') },
  { name: 'a delivery log limit of 1e2', request: get('/v1/webhooks/wh_x/deliveries?limit=1e2', partner), expect: bad('limit') },
];

export const IPV6_TRANSITION_ADDRESSES: Row[] = [
  {
    name: 'a webhook to NAT64 of a private address (64:ff9b::/96)',
    request: post('/v1/webhooks', partner, { url: 'https://[64:ff9b::a00:1]/hook' }),
    expect: { status: 422, field: 'url' },
  },
  {
    name: 'a webhook to local-use NAT64 of loopback (64:ff9b:1::/48)',
    request: post('/v1/webhooks', partner, { url: 'https://[64:ff9b:1:7f00:0:100::]/hook' }),
    expect: { status: 422, field: 'url' },
  },
  {
    name: 'a webhook to local-use NAT64 of the metadata address (a 96-bit prefix)',
    request: post('/v1/webhooks', partner, { url: 'https://[64:ff9b:1::a9fe:a9fe]/hook' }),
    expect: { status: 422, field: 'url' },
  },
  {
    name: 'a webhook to Teredo of a private client (2001::/32)',
    request: post('/v1/webhooks', partner, { url: 'https://[2001:0:4136:e378:8000:63bf:3f57:fefe]/hook' }),
    expect: { status: 422, field: 'url' },
  },
  {
    name: 'a webhook to 6to4 of the metadata address (2002::/16)',
    request: post('/v1/webhooks', partner, { url: 'https://[2002:a9fe:a9fe::1]/hook' }),
    expect: { status: 422, field: 'url' },
  },
  {
    name: 'a webhook to an IPv4-translated private address (::ffff:0:0/96)',
    request: post('/v1/webhooks', partner, { url: 'https://[::ffff:0:a00:1]/hook' }),
    expect: { status: 422, field: 'url' },
  },
];
