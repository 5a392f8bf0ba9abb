// Tokens are verified once and then known by their string: what a verified token says is kept,
// and its times are checked again on every use, so a kept token still expires, and one issued
// "in the future" of a clock set back is still refused.
import { describe, expect, it } from '@jest/globals';
import { createSigner } from 'fast-jwt';
import { ManualClock } from './clock.js';
import { InvalidTokenError, tokenSigner, tokenVerifier } from './tokens.js';

const SECRET = 'a-secret-long-enough-for-hs256-tokens-in-tests';
const SKEW = 30;

describe('tokenVerifier', () => {
  it('answers a token again from what it verified, with a copy of its principal', () => {
    const clock = new ManualClock();
    const verify = tokenVerifier(SECRET, clock, SKEW);
    const token = tokenSigner(SECRET, clock)({ role: 'seller', sub: 'shop-1', market: 'EU' });
    const first = verify(token);
    expect(first).toEqual({ role: 'seller', sub: 'shop-1', market: 'EU' });
    first.sub = 'changed by a caller';
    expect(verify(token)).toEqual({ role: 'seller', sub: 'shop-1', market: 'EU' });
  });

  it('refuses a kept token once it has expired, and a kept token issued after a clock set back', () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    const verify = tokenVerifier(SECRET, clock, SKEW);
    const token = tokenSigner(SECRET, clock)({ role: 'partner', sub: 'partner-1' }, 600);
    expect(verify(token).sub).toBe('partner-1');
    clock.advance(600_000 + SKEW * 1000);
    expect(() => verify(token)).toThrow('the token has expired');
    clock.set('2026-03-01T09:00:00.000Z');
    expect(() => verify(token)).toThrow('the token was issued in the future');
    clock.set('2026-03-01T10:05:00.000Z');
    expect(verify(token).sub).toBe('partner-1');
  });

  it('keeps nothing of a token that failed: another secret, a bad role, no exp', () => {
    const clock = new ManualClock();
    const verify = tokenVerifier(SECRET, clock, SKEW);
    const iat = Math.floor(clock.now().getTime() / 1000);
    const foreign = createSigner({ key: 'another-secret-of-sufficient-length!!', algorithm: 'HS256' })({ role: 'admin', sub: 'x', iat, exp: iat + 60 });
    const sign = createSigner({ key: SECRET, algorithm: 'HS256' });
    const badRole = sign({ role: 'root', sub: 'x', iat, exp: iat + 60 });
    const noExp = sign({ role: 'admin', sub: 'x', iat });
    for (const token of [foreign, badRole, noExp]) for (let attempt = 0; attempt < 2; attempt++) expect(() => verify(token)).toThrow(InvalidTokenError);
  });
});
