// Tokens forged by hand, to try every way a bearer token can be wrong: another algorithm, another
// secret, no signature, missing or odd claims, times out of bounds.
import { createHmac } from 'node:crypto';
import { TEST_SECRET } from '../../support/app.js';

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export interface Forge {
  /** The header's alg (and what signs): HS256 (default), HS384, HS512, or none. RS256 puts that name on an HMAC signature. */
  alg?: 'HS256' | 'HS384' | 'HS512' | 'none' | 'RS256';
  secret?: string;
}

export function forgeJwt(claims: Record<string, unknown> | string, { alg = 'HS256', secret = TEST_SECRET }: Forge = {}): string {
  const head = b64url({ alg, typ: 'JWT' });
  // A string is the payload's JSON text as is: for numbers JSON.stringify cannot write (1e309).
  const body = b64url(claims);
  if (alg === 'none') return `${head}.${body}.`;
  const hash = alg === 'HS384' ? 'sha384' : alg === 'HS512' ? 'sha512' : 'sha256';
  return `${head}.${body}.${createHmac(hash, secret).update(`${head}.${body}`).digest('base64url')}`;
}

/** Claims of a valid partner token at `nowSeconds`, with overrides (undefined removes a claim). */
export function claimsAt(nowSeconds: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const claims: Record<string, unknown> = { role: 'partner', sub: 'partner-1', iat: nowSeconds, exp: nowSeconds + 3600, ...overrides };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return claims;
}

/** A valid token whose payload was edited afterwards (the signature no longer matches). */
export function tampered(token: string, claims: Record<string, unknown>): string {
  const [head, , signature] = token.split('.');
  return `${head}.${b64url(claims)}.${signature}`;
}
