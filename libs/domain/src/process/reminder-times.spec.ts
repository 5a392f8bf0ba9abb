// reminderTimes shifts dates by day numbers instead of going through Date: its results must be
// exactly those of addDays (Date parse + toISOString), for any instant, canonical or not.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../shared/time.js';
import { REMINDER_DAYS, reminderField, reminderTimes } from './deadlines.js';

/** reminderTimes as it was written first: three addDays. */
function byDate(periodStart: string, expiresAt: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const days of REMINDER_DAYS) {
    const at = addDays(expiresAt, -days);
    if (at > periodStart) out[reminderField(days)] = at;
  }
  return out;
}

const MIN = Date.parse('0001-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');
const instant = fc.integer({ min: MIN, max: MAX }).map((ms) => new Date(ms).toISOString());
const nearby = fc.tuple(instant, fc.integer({ min: -400 * 86_400_000, max: 400 * 86_400_000 })).map(([at, delta]) => {
  const ms = Math.min(MAX, Math.max(MIN, Date.parse(at) + delta));
  return [new Date(ms).toISOString(), at] as const;
});

describe('reminderTimes, day arithmetic against Date', () => {
  it('equals addDays for random instants and periods', () => {
    fc.assert(
      fc.property(nearby, ([start, expires]) => expect(reminderTimes(start, expires)).toEqual(byDate(start, expires))),
      { numRuns: 10_000 },
    );
  });

  it('equals addDays around leap days, month and year ends, and the first years', () => {
    const edges = [
      '2024-02-29',
      '2024-03-01',
      '2023-03-01',
      '2100-03-01',
      '2000-03-30',
      '2026-01-01',
      '2026-12-31',
      '0001-01-31',
      '0001-02-01',
      '1970-01-01',
      '1969-12-31',
      '9999-12-31',
    ];
    for (const date of edges)
      for (const time of ['T00:00:00.000Z', 'T23:59:59.999Z', 'T12:34:56.789Z'])
        for (const start of ['0000-01-01T00:00:00.000Z', `${date}T00:00:00.000Z`, addDays(`${date}${time}`, -8)])
          expect(reminderTimes(start, `${date}${time}`)).toEqual(byDate(start, `${date}${time}`));
  });

  it('falls back to Date for what Date.parse accepts leniently', () => {
    for (const lenient of ['2026-02-30T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-04-31T10:00:00.000Z'])
      expect(reminderTimes('2025-01-01T00:00:00.000Z', lenient)).toEqual(byDate('2025-01-01T00:00:00.000Z', lenient));
    for (const invalid of ['2026-13-01T00:00:00.000Z', 'not a time', '2026-01-01T00:00:60.000Z'])
      expect(() => reminderTimes('2025-01-01T00:00:00.000Z', invalid)).toThrow(RangeError);
  });
});
