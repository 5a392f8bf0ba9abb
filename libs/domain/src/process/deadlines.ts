// The deadline processes: what falls due at a time. Deadlines come from the due-time index (a
// read model ordered by time); each becomes one intent whose decider acts only if the stream
// still says it is due, so running a deadline twice appends nothing the second time.
import { addDays, type Instant } from '../shared/time.js';
import type { ProcessIntent } from '../intent/intents.js';

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

/**
 * Reminders only for the days that fall inside the current validity period. Whole days in UTC
 * keep the time of day, so for a canonical instant (what toISOString makes) only the date moves:
 * it is shifted in day numbers and the time is kept as written, which is what addDays gives
 * without a Date parse and format per reminder (a rebuild computes them for every authorization).
 * Anything else (a lenient date Date.parse accepts, a year outside 0001-9999) goes through addDays.
 */
export function reminderTimes(periodStart: Instant, expiresAt: Instant): Partial<Record<`remind${ReminderDays}At`, Instant>> {
  const out: Partial<Record<`remind${ReminderDays}At`, Instant>> = {};
  const day = canonicalDayNumber(expiresAt);
  const time = day === undefined ? '' : expiresAt.slice(10);
  for (const days of REMINDER_DAYS) {
    const at = day === undefined ? addDays(expiresAt, -days) : dateOfDayNumber(day - days) + time;
    if (at > periodStart) out[reminderField(days)] = at;
  }
  return out;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const number = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = digit(s, i);
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01 of a `YYYY-MM-DDTHH:mm:ss.sssZ` instant with a real date and time; else undefined. */
function canonicalDayNumber(at: string): number | undefined {
  if (at.length !== 24 || at[4] !== '-' || at[7] !== '-' || at[10] !== 'T' || at[13] !== ':' || at[16] !== ':' || at[19] !== '.' || at[23] !== 'Z')
    return undefined;
  const y = number(at, 0, 4);
  const m = number(at, 5, 7);
  const d = number(at, 8, 10);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!)) return undefined;
  const hh = number(at, 11, 13);
  const mm = number(at, 14, 16);
  const ss = number(at, 17, 19);
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 || number(at, 20, 23) < 0) return undefined;
  // Days from civil (H. Hinnant): a year that starts in March puts the leap day last.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad4 = (n: number) => (n < 10 ? `000${n}` : n < 100 ? `00${n}` : n < 1000 ? `0${n}` : `${n}`);

/** `YYYY-MM-DD` of a day number (civil from days, H. Hinnant); years 0000-9999 as toISOString writes them. */
function dateOfDayNumber(z: number): string {
  const shifted = z + 719_468;
  const era = Math.floor(shifted / 146_097);
  const doe = shifted - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

export const expiryIntents = (due: readonly { authorizationId: string }[]): ProcessIntent[] =>
  due.map((d) => ({ type: 'ExpireAuthorization', authorizationId: d.authorizationId }));

export const cancellationTimeoutIntents = (due: readonly { authorizationId: string }[]): ProcessIntent[] =>
  due.map((d) => ({ type: 'TimeOutAuthorizationCancellation', authorizationId: d.authorizationId }));

export const proposalExpiryIntents = (due: readonly { proposalId: string }[]): ProcessIntent[] =>
  due.map((d) => ({ type: 'ExpireProposal', proposalId: d.proposalId }));

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
