// Retries follow WEBHOOK_RETRY_SCHEDULE_MS (the last delay repeating), spread by jitter, and end
// as FAILED once the next attempt would come more than 3 days after the first.
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS } from '#libs/platform';
import { baseDelay, JITTER, RETRY_WINDOW_MS, retryAfter, withJitter } from '../../libs/shell/src/webhooks/delivery-worker.js';

const T0 = '2026-03-01T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('the retry schedule', () => {
  it('takes the delays in turn, the last one repeating', () => {
    const schedule = [10, 20, 30];
    expect([1, 2, 3, 4, 5, 9].map((n) => baseDelay(schedule, n))).toEqual([10, 20, 30, 30, 30, 30]);
    expect([1, 5, 6].map((n) => baseDelay(DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS, n))).toEqual([10_000, 21_600_000, 21_600_000]);
  });

  it('jitter stays within ±20% of the delay, and spreads it', () => {
    expect(withJitter(10_000, 0)).toBe(8_000);
    expect(withJitter(10_000, 0.5)).toBe(10_000);
    expect(withJitter(10_000, 0.999_999)).toBeLessThanOrEqual(12_000);
    const delays = Array.from({ length: 1_000 }, () => withJitter(60_000, Math.random()));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(60_000 * (1 - JITTER));
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000 * (1 + JITTER));
    expect(new Set(delays).size).toBeGreaterThan(100);
  });

  it('the next attempt counts from the failed one', () => {
    const decision = retryAfter({ attempts: 1, firstAttemptAt: T0, attemptedAt: T0 }, [10_000, 60_000], 0.5);
    expect(decision).toEqual({ status: 'PENDING', nextAttemptAt: at(10_000) });
    expect(retryAfter({ attempts: 2, firstAttemptAt: T0, attemptedAt: at(10_000) }, [10_000, 60_000], 0.5)).toEqual({
      status: 'PENDING',
      nextAttemptAt: at(70_000),
    });
  });

  it('FAILED once the next attempt would fall more than 3 days after the first', () => {
    const sixHours = 21_600_000;
    const lastInWindow = RETRY_WINDOW_MS - sixHours;
    expect(retryAfter({ attempts: 12, firstAttemptAt: T0, attemptedAt: at(lastInWindow) }, [sixHours], 0.5)).toEqual({
      status: 'PENDING',
      nextAttemptAt: at(RETRY_WINDOW_MS),
    });
    expect(retryAfter({ attempts: 13, firstAttemptAt: T0, attemptedAt: at(lastInWindow + 1) }, [sixHours], 0.5)).toEqual({ status: 'FAILED' });
  });

  it('with the default schedule, a dead receiver is tried for 3 days, then FAILED', () => {
    let attemptedAt = T0;
    let attempts = 1;
    for (;;) {
      const decision = retryAfter({ attempts, firstAttemptAt: T0, attemptedAt }, DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS, Math.random());
      if (decision.status === 'FAILED') break;
      attemptedAt = decision.nextAttemptAt;
      attempts++;
    }
    expect(Date.parse(attemptedAt) - Date.parse(T0)).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(Date.parse(attemptedAt) - Date.parse(T0)).toBeGreaterThan(RETRY_WINDOW_MS - 21_600_000 * 1.2);
    expect(attempts).toBeGreaterThanOrEqual(13);
    expect(attempts).toBeLessThanOrEqual(19);
  });
});
