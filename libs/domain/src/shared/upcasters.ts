// One upcaster per breaking change of an event type's data: it turns the shape of version `from`
// into the shape of `from + 1`. Pure and total: the log is never rewritten, so every old event is
// upcast again on every read, by every adapter, and must come out the same each time.
import type { Instant } from './time.js';

export interface Upcaster {
  type: string;
  from: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an upcaster reads what an older schema stored, typed by nothing
  up: (data: any, metadata: { occurredAt: Instant }) => unknown;
}

const DAY_MS = 86_400_000;

/**
 * AuthorizationGranted v1 -> v2. Before 2026-03 a grant always lasted the service's full
 * validity and nothing renewed by itself, so v1 recorded only `grantedAt` and `expiresAt`. v2
 * records the seller's choices: `validityDays` (renewals count it again from the renewal) and
 * `autoRenew`. Both follow from a v1 event: the validity is what the grant lasted, and a v1 grant
 * never renewed itself. A field already present is kept: an upcaster only fills in what the old
 * shape lacked.
 */
export const authorizationGrantedV1: Upcaster = {
  type: 'AuthorizationGranted',
  from: 1,
  up(data: Record<string, unknown>) {
    const lasted = Math.round((Date.parse(String(data.expiresAt)) - Date.parse(String(data.grantedAt))) / DAY_MS);
    return {
      ...data,
      validityDays: data.validityDays ?? lasted,
      autoRenew: data.autoRenew ?? false,
    };
  },
};

export const UPCASTERS: readonly Upcaster[] = [authorizationGrantedV1];
