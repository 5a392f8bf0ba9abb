// After a long downtime the reminders of every day missed are notified: exactly those a single
// pass over the whole time would notify (remindersDue over every deadline), a day of them at a
// time, so that months of reminders do not make one query and one notification that holds the
// event loop for seconds.
import { describe, expect, it } from '@jest/globals';
import { type AuthorizationDeadline, REMINDER_DAYS, type Reminder, reminderField, remindersDue } from '#libs/domain';
import { ManualClock } from '#libs/platform';
import { DEADLINE_COLLECTIONS, MemoryReadStore } from '#libs/read-models';
import { DeadlineProcess } from '../../libs/shell/src/processes/deadline.process.js';
import type { IntentExecutor } from '../../libs/shell/src/processes/intent-executor.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const SINCE = new Date(NOW - 90 * DAY).toISOString();
const iso = (ms: number) => new Date(ms).toISOString();

describe('the deadline process after a long downtime', () => {
  it('notifies every reminder missed, once, a day at a time', async () => {
    const store = new MemoryReadStore();
    await store.ensureCollections([DEADLINE_COLLECTIONS.authorizations, DEADLINE_COLLECTIONS.proposals]);
    // 600 authorizations expiring from 60 days before now to 120 days after, one every ~7 hours.
    const deadlines: AuthorizationDeadline[] = Array.from({ length: 600 }, (_, i) => {
      const expires = NOW - 60 * DAY + i * 0.3 * DAY + 1_234;
      const d: Record<string, string> = { authorizationId: `au_${i}`, partnerId: `p${i % 3}`, sellerId: `s${i}`, serviceId: 'svc', expiresAt: iso(expires) };
      for (const days of REMINDER_DAYS) d[reminderField(days)] = iso(expires - days * DAY);
      return d as unknown as AuthorizationDeadline;
    });
    store.commitSync(
      'deadlines',
      1n,
      deadlines.map((d, i) => ({
        collection: DEADLINE_COLLECTIONS.authorizations.name,
        id: d.authorizationId,
        document: { ...d, _id: d.authorizationId, _position: BigInt(i + 1) },
      })),
    );
    const cursor = new Map([['process:reminders', SINCE]]);
    const checkpoints = { get: async (k: string) => cursor.get(k), set: async (k: string, v: string) => void cursor.set(k, v) };
    const notified: Reminder[][] = [];
    const executor = { execute: async () => 0 } as unknown as IntentExecutor;
    const process = new DeadlineProcess(
      store,
      checkpoints as never,
      { notify: async (r: readonly Reminder[]) => void notified.push([...r]) },
      new ManualClock(iso(NOW)),
      { processIntervalMs: 60_000 } as never,
      executor,
    );
    await process.tick();

    const expected = REMINDER_DAYS.flatMap((days) => remindersDue(deadlines, days, SINCE, iso(NOW)));
    const ids = (rs: readonly Reminder[]) => rs.map((r) => r.reminderId).sort();
    expect(expected.length).toBeGreaterThan(100);
    expect(ids(notified.flat())).toEqual(ids(expected));
    expect(notified.length).toBeGreaterThan(20);
    for (const call of notified) expect(new Set(call.map((r) => r.remindAt.slice(0, 10))).size).toBeLessThanOrEqual(2);
    expect(cursor.get('process:reminders')).toBe(iso(NOW));
  });
});
