import { describe, expect, it } from '@jest/globals';
import { reminderTimes, remindersDue } from './deadlines.js';

const START = '2026-01-01T00:00:00.000Z';
const EXPIRES = '2026-03-02T00:00:00.000Z'; // 60 days later

describe('the expiring reminders', () => {
  it('fall 30, 7 and 1 days before expiresAt, only inside the validity period', () => {
    expect(reminderTimes(START, EXPIRES)).toEqual({
      remind30At: '2026-01-31T00:00:00.000Z',
      remind7At: '2026-02-23T00:00:00.000Z',
      remind1At: '2026-03-01T00:00:00.000Z',
    });
    expect(reminderTimes('2026-02-20T00:00:00.000Z', EXPIRES)).toEqual({ remind7At: '2026-02-23T00:00:00.000Z', remind1At: '2026-03-01T00:00:00.000Z' });
  });

  const deadline = { authorizationId: 'au', partnerId: 'p', sellerId: 's', serviceId: 'svc', expiresAt: EXPIRES, ...reminderTimes(START, EXPIRES) };

  it('fire once in the window in which they fall due, with a stable id', () => {
    const due = remindersDue([deadline], 7, '2026-02-22T00:00:00.000Z', '2026-02-23T00:00:00.000Z');
    expect(due).toEqual([expect.objectContaining({ days: 7, reminderId: `expiring:au:${EXPIRES}:7`, remindAt: '2026-02-23T00:00:00.000Z' })]);
    expect(remindersDue([deadline], 7, '2026-02-23T00:00:00.000Z', '2026-02-24T00:00:00.000Z')).toEqual([]);
  });

  it('are not sent for an authorization that has expired by the time they are caught up', () => {
    expect(remindersDue([deadline], 1, '2026-02-01T00:00:00.000Z', '2026-03-05T00:00:00.000Z')).toEqual([]);
  });
});
