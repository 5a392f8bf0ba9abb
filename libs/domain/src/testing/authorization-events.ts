// An authorization's history, in the partner guide's words: shop-1 granted partner-1's ads
// service at T0 for 30 days, then whatever ended or changed it.
import type {
  AuthorizationCancellationRejected,
  AuthorizationCancellationRequested,
  AuthorizationCancelled,
  AuthorizationDeactivated,
  AuthorizationExpired,
  AuthorizationGranted,
  AuthorizationRef,
  AuthorizationRemoved,
  AuthorizationRenewed,
  CancellationEndReason,
  DeactivationEndReason,
} from '../binding/events.js';
import { authorizationIdOf } from '../shared/ids.js';
import { partner, seller } from './actors.js';
import { SHOP_SCOPES } from './market.js';
import { ADS } from './services.js';
import { T0, plusDays, plusHours } from './time.js';

/** The authorization of `serviceId` given by `sellerId` to partner-1. */
export const idOf = (serviceId = ADS, sellerId = seller.sub) => authorizationIdOf({ partnerId: partner.sub, sellerId, serviceId });

export const refOf = (serviceId = ADS, sellerId = seller.sub): AuthorizationRef => ({
  authorizationId: idOf(serviceId, sellerId),
  partnerId: partner.sub,
  sellerId,
  serviceId,
});

/** A seller granted partner-1's service at T0 for 30 days (unless told otherwise). */
export function granted(overrides: Partial<AuthorizationGranted['data']> = {}): AuthorizationGranted {
  const serviceId = overrides.serviceId ?? ADS;
  const sellerId = overrides.sellerId ?? seller.sub;
  const grantedAt = overrides.grantedAt ?? T0;
  const validityDays = overrides.validityDays ?? 30;
  return {
    type: 'AuthorizationGranted',
    data: {
      ...refOf(serviceId, sellerId),
      serviceName: 'Ads optimisation',
      market: 'US_L2L',
      scopes: SHOP_SCOPES,
      validityDays,
      autoRenew: false,
      grantedAt,
      expiresAt: plusDays(grantedAt, validityDays),
      ...overrides,
    },
  };
}

export const cancelled = (cancelledAt: string, endReason: CancellationEndReason = 'SELLER_CANCELLED', serviceId = ADS): AuthorizationCancelled => ({
  type: 'AuthorizationCancelled',
  data: { ...refOf(serviceId), endReason, cancelledAt },
});

export const expired = (expiredAt: string, serviceId = ADS): AuthorizationExpired => ({
  type: 'AuthorizationExpired',
  data: { ...refOf(serviceId), endReason: 'EXPIRED', expiredAt },
});

export const deactivated = (deactivatedAt: string, endReason: DeactivationEndReason = 'ADMIN_DEACTIVATED', serviceId = ADS): AuthorizationDeactivated => ({
  type: 'AuthorizationDeactivated',
  data: { ...refOf(serviceId), endReason, deactivatedAt },
});

export const removed = (removedAt: string, serviceId = ADS): AuthorizationRemoved => ({
  type: 'AuthorizationRemoved',
  data: { ...refOf(serviceId), removedAt },
});

export const renewed = (renewedAt: string, expiresAt: string, autoRenewed = false, serviceId = ADS): AuthorizationRenewed => ({
  type: 'AuthorizationRenewed',
  data: { ...refOf(serviceId), renewedAt, expiresAt, autoRenewed },
});

export const cancellationRequested = (requestedAt: string, reason = 'we are closing the agency'): AuthorizationCancellationRequested => ({
  type: 'AuthorizationCancellationRequested',
  data: { ...refOf(), reason, requestedAt, dueAt: plusHours(requestedAt, 72) },
});

export const cancellationRejected = (rejectedAt: string): AuthorizationCancellationRejected => ({
  type: 'AuthorizationCancellationRejected',
  data: { ...refOf(), rejectedAt },
});

/** Each way the authorization granted at T0 ends: cancelled or deactivated on day 2, expired at its expiresAt. */
export const ENDINGS = [
  ['CANCELLED', cancelled(plusDays(T0, 2))],
  ['EXPIRED', expired(plusDays(T0, 30))],
  ['DEACTIVATED', deactivated(plusDays(T0, 2))],
] as const;

/** The endings a renewal cannot undo: an EXPIRED authorization is renewed, these never are. */
export const FINAL_ENDINGS = ENDINGS.filter(([status]) => status !== 'EXPIRED');
