// The bearer scheme's name is case-insensitive (RFC 7235), and AUTH_MAX_TOKEN_TTL_SECONDS bounds
// a token's lifetime: longer-lived tokens, or tokens that do not say when they were issued, are
// 401 while it is set. Bad time claims are rows of hostile-tokens.table.ts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '#libs/platform';
import { startApi, type TestApi } from '../support/app.js';
import { expectProblem, T0 } from '../e2e/helpers.js';
import { claimsAt, forgeJwt } from './support/jwt.js';
import { SERVICE } from './support/world.js';

const now = Date.parse(T0) / 1000;

describe('the bearer scheme', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ now: T0 });
  });
  afterAll(() => api.close());

  it.each(['bearer', 'BEARER', 'bEaReR', 'Bearer  '])('"%s <token>" is accepted, on a query and on a command', async (scheme) => {
    const token = forgeJwt(claimsAt(now));
    const headers = { authorization: `${scheme} ${token}` };
    expect((await api.as(null).get('/v1/whoami', headers)).status).toBe(200);
    const before = await api.eventCount();
    const published = await api.as(null).post('/v1/services', SERVICE, headers);
    expect(published.status).toBe(201);
    expect(await api.eventCount()).toBe(before + 1);
  });
});

describe('AUTH_MAX_TOKEN_TTL_SECONDS', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ now: T0, config: { jwtMaxTtlSeconds: 3_600 } });
  });
  afterAll(() => api.close());

  it('accepts a token that lives up to the maximum', async () => {
    expect((await api.as(forgeJwt(claimsAt(now, { exp: now + 3_600 }))).get('/v1/whoami')).status).toBe(200);
  });

  it.each([
    ['a token that lives one second longer', claimsAt(now, { exp: now + 3_601 })],
    ['a token of ten years', claimsAt(now, { exp: now + 10 * 365 * 86_400 })],
    ['a token without iat', claimsAt(now, { iat: undefined })],
    ['a token issued long ago that lives long (iat far in the past)', claimsAt(now, { iat: now - 86_400 * 30, exp: now + 60 })],
  ])('refuses %s (401) and appends nothing', async (_name, claims) => {
    const before = await api.eventCount();
    expectProblem(await api.as(forgeJwt(claims)).post('/v1/services', SERVICE), 401);
    expect(await api.eventCount()).toBe(before);
  });

  it('is read from the environment and validated', () => {
    expect(loadConfig({}).config.jwtMaxTtlSeconds).toBeUndefined();
    expect(loadConfig({ AUTH_MAX_TOKEN_TTL_SECONDS: '900' }).config.jwtMaxTtlSeconds).toBe(900);
    for (const bad of ['0', '-5', '1.5', 'soon', '0x10'])
      expect(loadConfig({ AUTH_MAX_TOKEN_TTL_SECONDS: bad }).errors).toEqual([expect.stringMatching(/^AUTH_MAX_TOKEN_TTL_SECONDS=/)]);
  });
});

describe('the HTTP deadlines and the connection cap', () => {
  it('are read from the environment, with defaults, and a header deadline after the whole request is refused', () => {
    expect(loadConfig({}).config).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      connectionTimeoutMs: 60_000,
      maxConnections: 10_000,
    });
    const set = loadConfig({
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '4000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
      HTTP_CONNECTION_TIMEOUT_MS: '9000',
      HTTP_MAX_CONNECTIONS: '50',
    });
    expect(set.errors).toEqual([]);
    expect(set.config).toMatchObject({
      headersTimeoutMs: 2_000,
      requestTimeoutMs: 4_000,
      keepAliveTimeoutMs: 1_000,
      connectionTimeoutMs: 9_000,
      maxConnections: 50,
    });
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '40000' }).errors).toEqual([
      expect.stringMatching(/HTTP_HEADERS_TIMEOUT_MS .* may not exceed HTTP_REQUEST_TIMEOUT_MS/),
    ]);
    expect(loadConfig({ HTTP_MAX_CONNECTIONS: '0' }).errors).toHaveLength(1);
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: 'never' }).errors).toHaveLength(1);
  });
});
