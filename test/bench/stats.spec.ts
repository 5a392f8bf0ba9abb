// The benchmark harness's statistics: medians of runs, nearest-rank percentiles, paired ratios,
// and how a row's target turns into PASS or MISS. (Speed itself is shown by `npm run bench`,
// never asserted by a test.)
import { describe, expect, it } from '@jest/globals';
import { row, target } from '../../bench/support/report.js';
import { pairedRatios, percentile, summarize } from '../../bench/support/stats.js';

describe('summarize', () => {
  it('takes the middle value of an odd number of runs, and the min and max', () => {
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 5 });
  });
  it('averages the two middle values of an even number of runs', () => {
    expect(summarize([10, 40, 20, 30])).toEqual({ median: 25, min: 10, max: 40, runs: 4 });
  });
  it('handles one run', () => {
    expect(summarize([7])).toEqual({ median: 7, min: 7, max: 7, runs: 1 });
  });
  it('ignores runs without a value', () => {
    expect(summarize([Number.NaN, 2, 4])).toEqual({ median: 3, min: 2, max: 4, runs: 2 });
    expect(summarize([]).runs).toBe(0);
    expect(summarize([]).median).toBeNaN();
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    summarize(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  it('uses the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 99)).toBe(3);
    expect(percentile([4], 50)).toBe(4);
  });
  it('is NaN without samples', () => expect(percentile([], 99)).toBeNaN());
});

describe('pairedRatios', () => {
  it('divides each run by the baseline of the same run', () => {
    expect(pairedRatios([2, 9], [1, 3])).toEqual([2, 3]);
    expect(pairedRatios([1], [0])[0]).toBeNaN();
  });
});

describe('row', () => {
  it('checks a ratio target on the median of the paired ratios', () => {
    const r = row({
      id: 'x',
      label: 'x',
      unit: 'op/s',
      values: [80, 90, 100],
      baseline: { label: 'S', values: [100, 100, 100] },
      target: target.ratioAtLeast(0.8, 'S'),
    });
    expect(r.ratio?.median).toBeCloseTo(0.9);
    expect(r.status).toBe('PASS');
    const missed = row({
      id: 'y',
      label: 'y',
      unit: 'op/s',
      values: [70, 75, 79],
      baseline: { label: 'S', values: [100, 100, 100] },
      target: target.ratioAtLeast(0.8, 'S'),
    });
    expect(missed.status).toBe('MISS');
  });
  it('checks a value target on the median', () => {
    expect(row({ id: 'p', label: 'p99', unit: 'ms', values: [10, 30, 19], target: target.below(20, 'ms') }).status).toBe('PASS');
    expect(row({ id: 'p', label: 'p99', unit: 'ms', values: [10, 30, 21], target: target.below(20, 'ms') }).status).toBe('MISS');
    expect(row({ id: 'm', label: 'missing', unit: 'count', values: [0, 0, 0], target: target.exactly(0) }).status).toBe('PASS');
  });
  it('is INFO without a target', () => expect(row({ id: 'i', label: 'i', unit: 'ms', values: [1] }).status).toBe('INFO'));
});
