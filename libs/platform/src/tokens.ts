// Bearer tokens: HS256 only (the algorithm is pinned, never read from the token), `exp`
// required, bounded clock skew, an `iat` in the future refused. Every time claim given is a
// finite number (a string `nbf` is not ignored, an `exp` of 1e309 is not "never"), and with a
// maximum lifetime set a token must say when it was issued and live no longer than that.
// fast-jwt does the signing and verification; the claims of API.md are checked here.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createSigner, createVerifier } from 'fast-jwt';
import { isPrincipalId, MARKETS, type Market } from '#libs/domain';
import type { Clock } from './clock.js';

export const ROLES = ['partner', 'seller', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  role: Role;
  sub: string;
  market?: Market;
}

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export const JWT_SECRET_FILE = 'jwt-secret';

/** AUTH_JWT_SECRET, or a random secret made once under DATA_DIR (mode 0600). */
export function resolveJwtSecret(configured: string | undefined, dataDir: string): { secret: string; file?: string; created: boolean } {
  if (configured) return { secret: configured, created: false };
  const file = join(dataDir, JWT_SECRET_FILE);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), file, created: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { secret, file, created: true };
}

export function tokenSigner(secret: string, clock: Clock) {
  const sign = createSigner({ key: secret, algorithm: 'HS256' });
  return (principal: Principal, ttlSeconds = 3600): string => {
    const iat = Math.floor(clock.now().getTime() / 1000);
    return sign({ ...principal, iat, exp: iat + ttlSeconds });
  };
}

/** What a verified token says, kept by the token string: its times are checked again on every use. */
interface VerifiedToken {
  principal: Principal;
  exp: number;
  iat: number | undefined;
  nbf: number | undefined;
}

/** Verified tokens kept (a token is verified again once it has left). */
const VERIFIED_TOKENS = 10_000;

/** A time claim as RFC 7519 has it: a number of seconds, finite (fractions allowed). */
function timeClaim(claims: Record<string, unknown>, name: 'exp' | 'iat' | 'nbf'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidTokenError(`${name} must be a finite number of seconds`);
  return value;
}

/** `maxTtlSeconds`: the longest lifetime (`exp - iat`) accepted; a token must then carry `iat`. */
export function tokenVerifier(secret: string, clock: Clock, skewSeconds: number, maxTtlSeconds?: number) {
  const verify = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    requiredClaims: ['exp', 'sub', 'role'],
    // Times are checked below against the product's clock, not the machine's.
    ignoreExpiration: true,
    ignoreNotBefore: true,
    // Our own cache below: fast-jwt's hashes every token with SHA-256 to look it up, which was
    // half of an access check's token cost; a Map keyed by the token's own string is enough.
    cache: false,
  });
  // Only a token string that verified is kept, so a hit is a token whose signature and claims
  // were checked; its times are checked again on each use (the clock moves, both ways in tests).
  const verified = new Map<string, VerifiedToken>();

  const checkTimes = (t: Pick<VerifiedToken, 'exp' | 'iat' | 'nbf'>) => {
    const nowSeconds = clock.now().getTime() / 1000;
    if (t.exp + skewSeconds <= nowSeconds) throw new InvalidTokenError('the token has expired');
    if (t.iat !== undefined && t.iat - skewSeconds > nowSeconds) throw new InvalidTokenError('the token was issued in the future');
    if (t.nbf !== undefined && t.nbf - skewSeconds > nowSeconds) throw new InvalidTokenError('the token is not valid yet');
  };

  const principalOf = (claims: Record<string, unknown>): Principal => {
    const { role, sub, market } = claims;
    if (!(ROLES as readonly unknown[]).includes(role)) throw new InvalidTokenError(`role must be one of ${ROLES.join(', ')}`);
    if (!isPrincipalId(sub)) throw new InvalidTokenError('sub must be 1 to 128 characters of letters, digits and . _ : @ -');
    if (role === 'seller') {
      if (!(MARKETS as readonly unknown[]).includes(market)) throw new InvalidTokenError(`a seller token names its market: one of ${MARKETS.join(', ')}`);
      return { role, sub, market: market as Market };
    }
    return { role: role as Role, sub };
  };

  return (token: string): Principal => {
    const known = verified.get(token);
    if (known) {
      checkTimes(known);
      return { ...known.principal };
    }
    let claims: Record<string, unknown>;
    try {
      claims = verify(token) as Record<string, unknown>;
    } catch (e) {
      throw new InvalidTokenError((e as Error).message);
    }
    const exp = timeClaim(claims, 'exp');
    if (exp === undefined) throw new InvalidTokenError('the token has no exp');
    const times = { exp, iat: timeClaim(claims, 'iat'), nbf: timeClaim(claims, 'nbf') };
    if (maxTtlSeconds !== undefined) {
      if (times.iat === undefined) throw new InvalidTokenError(`iat is required: tokens live at most ${maxTtlSeconds} s`);
      if (times.exp - times.iat > maxTtlSeconds) throw new InvalidTokenError(`the token lives longer than ${maxTtlSeconds} s`);
    }
    checkTimes(times);
    const principal = principalOf(claims);
    // The oldest tenth at once: V8's Map iterator skips the entries deleted at the front one by one (~5 us a token one at a time).
    if (verified.size >= VERIFIED_TOKENS) for (const old of verified.keys()) if (verified.delete(old) && verified.size < VERIFIED_TOKENS * 0.9) break;
    verified.set(token, { principal, ...times });
    return { ...principal };
  };
}
