// Ids that lead to their stream without a read model: an authorization id encodes its binding
// (partner, seller) and its service; a proposal id its binding. Principal and service ids are
// restricted to a safe alphabet (PRINCIPAL_ID_PATTERN), so the encoding is unambiguous.
export const PRINCIPAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export function isPrincipalId(value: unknown): value is string {
  return typeof value === 'string' && PRINCIPAL_ID_PATTERN.test(value);
}

const b64 = (parts: string[]) => Buffer.from(parts.join('~'), 'utf8').toString('base64url');

function unb64(code: string, count: number): string[] | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(code)) return undefined;
  const parts = Buffer.from(code, 'base64url').toString('utf8').split('~');
  if (parts.length !== count || !parts.every(isPrincipalId)) return undefined;
  if (b64(parts) !== code) return undefined; // reject non-canonical encodings
  return parts;
}

/** Ids of one kind: a prefix, then the key's fields in a fixed order; parsing gives the key back. */
function keyedIds<K extends Record<keyof K, string>>(prefix: string, fields: readonly (keyof K & string)[]) {
  return {
    idOf: (key: K): string => `${prefix}${b64(fields.map((field) => key[field]))}`,
    parse(id: string): K | undefined {
      if (typeof id !== 'string' || !id.startsWith(prefix) || id.length > 600) return undefined;
      const parts = unb64(id.slice(prefix.length), fields.length);
      return parts && (Object.fromEntries(fields.map((field, i) => [field, parts[i]])) as K);
    },
  };
}

export interface AuthorizationKey {
  partnerId: string;
  sellerId: string;
  serviceId: string;
}

export const { idOf: authorizationIdOf, parse: parseAuthorizationId } = keyedIds<AuthorizationKey>('au_', ['partnerId', 'sellerId', 'serviceId']);

export interface ProposalKey {
  partnerId: string;
  sellerId: string;
  nonce: string;
}

export const { idOf: proposalIdOf, parse: parseProposalId } = keyedIds<ProposalKey>('pr_', ['partnerId', 'sellerId', 'nonce']);

/** A service's link code encodes the service: the link never needs a read model to resolve. */
export function linkCodeOf(serviceId: string): string {
  return `lk_${Buffer.from(serviceId, 'utf8').toString('base64url')}`;
}

export function parseLinkCode(code: string): string | undefined {
  if (typeof code !== 'string' || !/^lk_[A-Za-z0-9_-]{1,200}$/.test(code)) return undefined;
  const serviceId = Buffer.from(code.slice(3), 'base64url').toString('utf8');
  return isPrincipalId(serviceId) && linkCodeOf(serviceId) === code ? serviceId : undefined;
}
