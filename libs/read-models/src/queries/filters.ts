// Status as users see it, as MongoDB filters: an ACTIVE authorization (or PENDING proposal)
// whose end has passed counts as EXPIRED everywhere, before its expiry event is appended.
import { addDays, type AuthorizationStatus, type ProposalStatus } from '#libs/domain';
import type { Filter } from '../port.js';

export function authorizationStatusFilter(status: AuthorizationStatus, now: string): Filter {
  if (status === 'ACTIVE') return { status: 'ACTIVE', expiresAt: { $gt: now } };
  if (status === 'EXPIRED') return { $or: [{ status: 'EXPIRED' }, { status: 'ACTIVE', expiresAt: { $lte: now } }] };
  return { status };
}

/** ACTIVE ones whose expiresAt falls within the next `days` days. */
export function expiringWithinFilter(days: number, now: string): Filter {
  return { status: 'ACTIVE', expiresAt: { $gt: now, $lte: addDays(now, days) } };
}

export function proposalStatusFilter(status: ProposalStatus, now: string): Filter {
  if (status === 'PENDING') return { status: 'PENDING', expiresAt: { $gt: now } };
  if (status === 'EXPIRED') return { $or: [{ status: 'EXPIRED' }, { status: 'PENDING', expiresAt: { $lte: now } }] };
  return { status };
}

export const and = (...filters: Array<Filter | undefined>): Filter => {
  const parts = filters.filter((f): f is Filter => f !== undefined && Object.keys(f).length > 0);
  return parts.length === 1 ? parts[0]! : { $and: parts };
};
