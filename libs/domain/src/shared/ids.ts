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

export interface AuthorizationKey {
  partnerId: string;
  sellerId: string;
  serviceId: string;
}

export function authorizationIdOf(key: AuthorizationKey): string {
  return `au_${b64([key.partnerId, key.sellerId, key.serviceId])}`;
}

export function parseAuthorizationId(id: string): AuthorizationKey | undefined {
  if (typeof id !== 'string' || !id.startsWith('au_') || id.length > 600) return undefined;
  const parts = unb64(id.slice(3), 3);
  return parts && { partnerId: parts[0]!, sellerId: parts[1]!, serviceId: parts[2]! };
}

export interface ProposalKey {
  partnerId: string;
  sellerId: string;
  nonce: string;
}

export function proposalIdOf(key: ProposalKey): string {
  return `pr_${b64([key.partnerId, key.sellerId, key.nonce])}`;
}

export function parseProposalId(id: string): ProposalKey | undefined {
  if (typeof id !== 'string' || !id.startsWith('pr_') || id.length > 600) return undefined;
  const parts = unb64(id.slice(3), 3);
  return parts && { partnerId: parts[0]!, sellerId: parts[1]!, nonce: parts[2]! };
}

/** A service's link code encodes the service: the link never needs a read model to resolve. */
export function linkCodeOf(serviceId: string): string {
  return `lk_${Buffer.from(serviceId, 'utf8').toString('base64url')}`;
}

export function parseLinkCode(code: string): string | undefined {
  if (typeof code !== 'string' || !/^lk_[A-Za-z0-9_-]{1,200}$/.test(code)) return undefined;
  const serviceId = Buffer.from(code.slice(3), 'base64url').toString('utf8');
  return isPrincipalId(serviceId) && linkCodeOf(serviceId) === code ? serviceId : undefined;
}
