// Statistics of the harness: every figure is reported as the median of several runs, with the
// smallest and largest run beside it; latencies inside a run are percentiles of their samples.
export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** Median, min and max of the runs' values (NaN entries are ignored; no value: all NaN, 0 runs). */
export function summarize(values: readonly number[]): Summary {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const median = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { median, min: sorted[0]!, max: sorted[n - 1]!, runs: n };
}

/**
 * The p-th percentile (0..100) of the samples by the nearest-rank method: the smallest sample
 * with at least p% of the samples at or below it. p99 of 100 samples is the 99th smallest.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Per-run ratios value_i / baseline_i (runs are paired: each ratio compares two figures of one run). */
export function pairedRatios(values: readonly number[], baselines: readonly number[]): number[] {
  return values.map((v, i) => (baselines[i] === undefined || baselines[i] === 0 ? Number.NaN : v / baselines[i]!));
}
