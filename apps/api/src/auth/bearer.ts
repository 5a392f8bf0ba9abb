// The token of an `Authorization: Bearer <token>` header. The scheme's name is case-insensitive
// (RFC 7235 §2.1: `bearer` and `BEARER` are `Bearer`); the token is base64url JWT text.
const BEARER = /^bearer +([A-Za-z0-9_\-.=]+)$/i;

export function bearerTokenOf(header: unknown): string | undefined {
  return typeof header === 'string' ? BEARER.exec(header.trim())?.[1] : undefined;
}
