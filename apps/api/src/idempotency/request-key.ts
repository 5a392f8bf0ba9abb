// What identifies a command request for Idempotency-Key: the header itself (1..255 visible ASCII
// characters), whose key it is (the principal), and a fingerprint of what was asked.
import { createHash } from 'node:crypto';
import type { Principal } from '#libs/platform';
import { badRequest } from '#libs/shell';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** undefined: no header, the request is not idempotent. A header that is not a key is 400 naming it. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY.test(header))
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters, sent once', [
      { field: 'Idempotency-Key', message: 'expected 1 to 255 visible ASCII characters' },
    ]);
  return header;
}

/** Keys are per principal: two principals sending the same key never see each other's answers. */
export const scopeOf = (principal: Principal): string => `${principal.role}:${principal.sub}`;

/** JSON with every object's keys sorted: the same body however its fields were ordered. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/**
 * The method, the path (ids included: the same key on another authorization is another request)
 * and the body. No body and an empty object are the same request, as the routes read them so.
 */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  const path = url.split('?', 1)[0]!;
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? {})}`)
    .digest('base64url');
}

/**
 * What the event log knows a keyed command by (EventMetadata.idempotencyKey): a hash of the
 * principal, the key and the request, so the log never holds a client's key, and a key reused by
 * another principal or for another request is another command.
 */
export function commandKeyOf(scope: string, key: string, fingerprint: string): string {
  return createHash('sha256').update(`${scope}\n${key}\n${fingerprint}`).digest('base64url');
}
