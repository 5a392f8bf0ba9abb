// The rate limit per principal: RATE_LIMIT_PER_MINUTE (60,000 by default: a normal client and the
// benchmarks never meet it), one budget per principal across every route, the client address for
// requests without a valid token; 429 problem+json with Retry-After; health exempt.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testConfig } from '#libs/platform';
import { SlidingWindowStorage } from '../../apps/api/src/http/sliding-window-storage.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectProblem, T0 } from '../e2e/helpers.js';
import { forgeJwt, claimsAt } from './support/jwt.js';
import { SERVICE } from './support/world.js';

const { partner, otherPartner, seller } = principals;
const LIMIT = 5;

describe('rate limit per principal (RATE_LIMIT_PER_MINUTE=5 here)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ now: T0, config: { rateLimitPerMinute: LIMIT } });
  });
  afterAll(() => api.close());

  it('the default is generous: 60,000 a minute', () => {
    expect(testConfig().rateLimitPerMinute).toBe(60_000);
  });

  it('one budget across every route: the sixth request of the minute is 429 with Retry-After, and appends nothing', async () => {
    const answers = [
      await api.as(partner).get('/v1/partner/services'),
      await api.as(partner).get('/v1/partner/sellers'),
      await api.as(partner).post('/v1/services', SERVICE),
      await api.as(partner).get('/v1/partner/proposals'),
      await api.as(partner).get('/v1/whoami'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 201, 200, 200]);
    expect(answers[4]!.headers['x-ratelimit-remaining']).toBe('0');
    const before = await api.eventCount();
    const limited = await api.as(partner).post('/v1/services', SERVICE);
    expectProblem(limited, 429);
    expect(limited.body.code).toBe('RATE.LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120).toBe(true);
    expect(await api.eventCount()).toBe(before);
  });

  it('another principal has its own budget; a new token of the same principal does not reset it', async () => {
    expect((await api.as(otherPartner).get('/v1/partner/services')).status).toBe(200);
    expect((await api.as(seller).get('/v1/seller/services')).status).toBe(200);
    expect((await api.as(api.token(partner, 600)).get('/v1/partner/services')).status).toBe(429);
  });

  it('requests without a valid token are counted per client address, before authentication', async () => {
    const forged = forgeJwt(claimsAt(Date.parse(T0) / 1000, { sub: 'someone' }), { alg: 'none' });
    const answers = [];
    for (let i = 0; i < LIMIT + 2; i++) answers.push(await api.as(i % 2 ? null : forged).get('/v1/partner/services'));
    expect(answers.slice(0, LIMIT).map((a) => a.status)).toEqual(Array(LIMIT).fill(401));
    expect(answers.slice(LIMIT).map((a) => a.status)).toEqual([429, 429]);
  });

  it('health is not limited', async () => {
    for (let i = 0; i < LIMIT * 2; i++) expect((await api.as(null).get('/health/live')).status).toBe(200);
  });
});

describe('the sliding-window counter', () => {
  const minute = 60_000;

  it('allows the limit within a window, refuses the next, and lets it through once the window has slid', async () => {
    let now = 10 * minute;
    const storage = new SlidingWindowStorage(() => now);
    for (let i = 0; i < 3; i++) expect((await storage.increment('k', minute, 3, minute, 'default')).isBlocked).toBe(false);
    const refused = await storage.increment('k', minute, 3, minute, 'default');
    expect(refused.isBlocked).toBe(true);
    expect(refused.timeToBlockExpire).toBeGreaterThanOrEqual(1);
    now += refused.timeToBlockExpire * 1_000;
    expect((await storage.increment('k', minute, 3, minute, 'default')).isBlocked).toBe(false);
  });

  it('weighs the previous window: a burst at the end of one still counts at the start of the next', async () => {
    let now = 10 * minute + 59_000;
    const storage = new SlidingWindowStorage(() => now);
    for (let i = 0; i < 10; i++) await storage.increment('k', minute, 10, minute, 'default');
    now = 11 * minute + 1_000;
    expect((await storage.increment('k', minute, 10, minute, 'default')).isBlocked).toBe(true);
    now = 11 * minute + 30_000;
    expect((await storage.increment('k', minute, 10, minute, 'default')).isBlocked).toBe(false);
  });

  it('refused requests do not count, and idle keys are forgotten', async () => {
    let now = 0;
    const storage = new SlidingWindowStorage(() => now);
    await storage.increment('a', minute, 1, minute, 'default');
    for (let i = 0; i < 100; i++) expect((await storage.increment('a', minute, 1, minute, 'default')).isBlocked).toBe(true);
    now = 2 * minute + 1;
    expect((await storage.increment('a', minute, 1, minute, 'default')).isBlocked).toBe(false);
    now = 5 * minute;
    await storage.increment('b', minute, 1, minute, 'default');
    expect(storage.size).toBe(1);
  });
});
