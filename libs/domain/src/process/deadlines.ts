// The deadline processes: what falls due at a time. Deadlines come from the due-time index (a
// read model ordered by time); each becomes one intent whose decider acts only if the stream
// still says it is due, so running a deadline twice appends nothing the second time.
import { addDays, type Instant } from '../shared/time.js';
import type { Intent } from './intents.js';

/** Reminders before expiresAt, once each (the AUTHORIZATION_EXPIRING notifications). */
export const REMINDER_DAYS = [30, 7, 1] as const;
export type ReminderDays = (typeof REMINDER_DAYS)[number];
export const reminderField = (days: ReminderDays) => `remind${days}At` as const;

export interface AuthorizationDeadline {
  authorizationId: string;
  partnerId: string;
  sellerId: string;
  serviceId: string;
  expiresAt: Instant;
  cancellationDueAt?: Instant;
  remind30At?: Instant;
  remind7At?: Instant;
  remind1At?: Instant;
}

/** Reminders only for the days that fall inside the current validity period. */
export function reminderTimes(periodStart: Instant, expiresAt: Instant): Partial<Record<`remind${ReminderDays}At`, Instant>> {
  const out: Partial<Record<`remind${ReminderDays}At`, Instant>> = {};
  for (const days of REMINDER_DAYS) {
    const at = addDays(expiresAt, -days);
    if (at > periodStart) out[reminderField(days)] = at;
  }
  return out;
}

export const expiryIntents = (due: readonly { authorizationId: string }[]): Intent[] =>
  due.map((d) => ({ type: 'ExpireAuthorization', authorizationId: d.authorizationId }));

export const cancellationTimeoutIntents = (due: readonly { authorizationId: string }[]): Intent[] =>
  due.map((d) => ({ type: 'TimeOutAuthorizationCancellation', authorizationId: d.authorizationId }));

export const proposalExpiryIntents = (due: readonly { proposalId: string }[]): Intent[] => due.map((d) => ({ type: 'ExpireProposal', proposalId: d.proposalId }));

export interface Reminder {
  /** Stable: the same reminder always has the same id, so it is notified once. */
  reminderId: string;
  days: ReminderDays;
  authorizationId: string;
  partnerId: string;
  sellerId: string;
  serviceId: string;
  expiresAt: Instant;
  remindAt: Instant;
}

/** Reminders that fell due in (since, until], except for authorizations already expired by then. */
export function remindersDue(deadlines: readonly AuthorizationDeadline[], days: ReminderDays, since: Instant, until: Instant): Reminder[] {
  const field = reminderField(days);
  return deadlines
    .filter((d) => d[field] !== undefined && d[field]! > since && d[field]! <= until && d.expiresAt > until)
    .map((d) => ({
      reminderId: `expiring:${d.authorizationId}:${d.expiresAt}:${days}`,
      days,
      authorizationId: d.authorizationId,
      partnerId: d.partnerId,
      sellerId: d.sellerId,
      serviceId: d.serviceId,
      expiresAt: d.expiresAt,
      remindAt: d[field]!,
    }));
}
