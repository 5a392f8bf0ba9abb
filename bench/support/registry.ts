// The benchmarks, in the order they run, and how to load one by name.
import type { Bench } from './context.js';

export const BENCH_NAMES = ['appends', 'http-commands', 'access-checks', 'rebuild', 'queries', 'memory-restart', 'stalls', 'mix'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

export async function loadBench(name: string): Promise<Bench> {
  if (!(BENCH_NAMES as readonly string[]).includes(name)) throw new Error(`no benchmark ${name}: one of ${BENCH_NAMES.join(', ')}`);
  const module = (await import(`../${name}.js`)) as { bench: Bench };
  return module.bench;
}
