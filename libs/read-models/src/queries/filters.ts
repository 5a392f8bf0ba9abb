// Status as users see it, as MongoDB filters, the same rule as the domain's `lapseOf`: an ACTIVE
// authorization whose time has come has ended before any event says so. A cancellation request
// left unanswered until its dueAt cancels it (if that came before expiresAt); an expiresAt that
// has passed expires it. Likewise a PENDING proposal past its expiresAt is EXPIRED.
import { addDays, type AuthorizationStatus, type ProposalStatus } from '#libs/domain';
import type { Filter } from '../port.js';

const requestTimedOut = (now: string): Filter => ({
  'cancellationRequest.dueAt': { $lte: now },
  $expr: { $lte: ['$cancellationRequest.dueAt', '$expiresAt'] },
});

/** ACTIVE and not lapsed: before expiresAt (so a request due by now fell due before it). */
const stillActive = (now: string): Filter => ({ status: 'ACTIVE', expiresAt: { $gt: now }, 'cancellationRequest.dueAt': { $not: { $lte: now } } });

export function authorizationStatusFilter(status: AuthorizationStatus, now: string): Filter {
  switch (status) {
    case 'ACTIVE':
      return stillActive(now);
    case 'CANCELLED':
      return { $or: [{ status: 'CANCELLED' }, { status: 'ACTIVE', ...requestTimedOut(now) }] };
    case 'EXPIRED':
      return { $or: [{ status: 'EXPIRED' }, { status: 'ACTIVE', expiresAt: { $lte: now }, $nor: [requestTimedOut(now)] }] };
    case 'DEACTIVATED':
      return { status };
  }
}

/** ACTIVE ones whose expiresAt falls within the next `days` days. */
export function expiringWithinFilter(days: number, now: string): Filter {
  return { ...stillActive(now), expiresAt: { $gt: now, $lte: addDays(now, days) } };
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
