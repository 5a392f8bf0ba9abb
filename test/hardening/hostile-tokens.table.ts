// Bearer tokens that must not pass (401), tried on a command and on a query. The verifier pins
// HS256 (never reads the algorithm from the token), requires exp, allows AUTH_CLOCK_SKEW_SECONDS
// (30 s by default) of skew and no more, refuses an iat or nbf in the future.
import { T0 } from '../e2e/helpers.js';
import type { Row } from './hostile-requests.table.js';
import { claimsAt, forgeJwt, tampered } from './support/jwt.js';
import { SERVICE } from './support/world.js';

const now = Date.parse(T0) / 1000;
const valid = forgeJwt(claimsAt(now));
const unauthorized = { status: 401, code: 'AUTH.UNAUTHORIZED' };
const onPublish = (as: string | null) => ({ method: 'POST' as const, url: '/v1/services', as, body: SERVICE });
const onQuery = (as: string | null) => ({ method: 'GET' as const, url: '/v1/partner/sellers', as });

export const BAD_TOKENS: Row[] = [
  { name: 'no token at all', request: onPublish(null), expect: unauthorized },
  { name: 'alg: none, no signature', request: onPublish(forgeJwt(claimsAt(now), { alg: 'none' })), expect: unauthorized },
  { name: 'alg: none on a query', request: onQuery(forgeJwt(claimsAt(now, { role: 'admin', sub: 'root' }), { alg: 'none' })), expect: unauthorized },
  {
    name: 'HS256 signed with another secret',
    request: onPublish(forgeJwt(claimsAt(now), { secret: 'another-secret-that-is-long-enough-0123456789' })),
    expect: unauthorized,
  },
  { name: 'HS512 with the right secret (algorithm not pinned)', request: onPublish(forgeJwt(claimsAt(now), { alg: 'HS512' })), expect: unauthorized },
  { name: 'HS384 with the right secret', request: onQuery(forgeJwt(claimsAt(now), { alg: 'HS384' })), expect: unauthorized },
  { name: 'RS256 in the header over an HMAC signature (key confusion)', request: onPublish(forgeJwt(claimsAt(now), { alg: 'RS256' })), expect: unauthorized },
  { name: 'no exp', request: onPublish(forgeJwt(claimsAt(now, { exp: undefined }))), expect: unauthorized },
  { name: 'exp as a string', request: onQuery(forgeJwt(claimsAt(now, { exp: String(now + 3600) }))), expect: unauthorized },
  { name: 'expired an hour ago', request: onPublish(forgeJwt(claimsAt(now - 7200, { exp: now - 3600 }))), expect: unauthorized },
  { name: 'expired 31 s ago (beyond the 30 s skew)', request: onQuery(forgeJwt(claimsAt(now - 600, { exp: now - 31 }))), expect: unauthorized },
  { name: 'issued 31 s in the future (beyond the skew)', request: onPublish(forgeJwt(claimsAt(now, { iat: now + 31 }))), expect: unauthorized },
  { name: 'issued a day in the future', request: onQuery(forgeJwt(claimsAt(now, { iat: now + 86_400, exp: now + 90_000 }))), expect: unauthorized },
  { name: 'not valid before an hour from now (nbf)', request: onPublish(forgeJwt(claimsAt(now, { nbf: now + 3600 }))), expect: unauthorized },
  { name: 'no role', request: onPublish(forgeJwt(claimsAt(now, { role: undefined }))), expect: unauthorized },
  { name: 'an unknown role', request: onQuery(forgeJwt(claimsAt(now, { role: 'superadmin' }))), expect: unauthorized },
  { name: 'no sub', request: onPublish(forgeJwt(claimsAt(now, { sub: undefined }))), expect: unauthorized },
  { name: 'a sub that is not an id', request: onQuery(forgeJwt(claimsAt(now, { sub: '../../admin' }))), expect: unauthorized },
  { name: 'a seller without a market', request: onQuery(forgeJwt(claimsAt(now, { role: 'seller', sub: 'shop-1' }))), expect: unauthorized },
  { name: 'a seller of an unknown market', request: onQuery(forgeJwt(claimsAt(now, { role: 'seller', sub: 'shop-1', market: 'MARS' }))), expect: unauthorized },
  { name: 'a payload edited after signing (role: admin)', request: onQuery(tampered(valid, claimsAt(now, { role: 'admin' }))), expect: unauthorized },
  { name: 'two parts only', request: onPublish(valid.split('.').slice(0, 2).join('.')), expect: unauthorized },
  { name: 'not a JWT', request: onQuery('not-a-jwt'), expect: unauthorized },
  {
    name: 'Basic credentials instead of a bearer token',
    request: { ...onQuery(null), headers: { authorization: 'Basic cGFydG5lci0xOnNlY3JldA==' } },
    expect: unauthorized,
  },
  {
    name: 'a payload that is not JSON',
    request: onQuery(`${valid.split('.')[0]}.${Buffer.from('{oops').toString('base64url')}.${valid.split('.')[2]}`),
    expect: unauthorized,
  },
  // Second round: every time claim is a finite number, or the token is refused.
  { name: 'nbf as a string (an hour from now)', request: onPublish(forgeJwt(claimsAt(now, { nbf: String(now + 3600) }))), expect: unauthorized },
  { name: 'iat as a string (a day in the future)', request: onQuery(forgeJwt(claimsAt(now, { iat: String(now + 86_400) }))), expect: unauthorized },
  { name: 'nbf as an object', request: onQuery(forgeJwt(claimsAt(now, { nbf: { $lt: now } }))), expect: unauthorized },
  { name: 'iat as true', request: onPublish(forgeJwt(claimsAt(now, { iat: true }))), expect: unauthorized },
  {
    name: 'exp: 1e309 (Infinity, a token that never expires)',
    request: onPublish(forgeJwt(`{"role":"partner","sub":"partner-1","iat":${now},"exp":1e309}`)),
    expect: unauthorized,
  },
  {
    name: 'nbf: -1e309 (minus Infinity)',
    request: onQuery(forgeJwt(`{"role":"partner","sub":"partner-1","iat":${now},"exp":${now + 3600},"nbf":-1e309}`)),
    expect: unauthorized,
  },
  { name: 'iat: 1e309 with exp: 1e309', request: onQuery(forgeJwt(`{"role":"partner","sub":"partner-1","iat":1e309,"exp":1e309}`)), expect: unauthorized },
  {
    name: 'the Bearer scheme with no space before the token',
    request: { ...onQuery(null), headers: { authorization: `Bearer${valid}` } },
    expect: unauthorized,
  },
];
