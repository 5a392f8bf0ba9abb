// Prints the table of one or more bench/results.json files in Markdown (for docs/BENCHMARKS.md).
// Usage: node dist/bench/support/markdown.js bench/results.json [more.json ...]
import { readFileSync } from 'node:fs';
import { isEntryPoint } from './context.js';
import { type BenchOutput, markdownTable, type Row } from './report.js';

interface Figure {
  id: string;
  label: string;
  unit: string;
  size?: string;
  median: number | null;
  min: number | null;
  max: number | null;
  runs: number;
  values: number[];
  baseline?: { label: string; median: number; min: number; max: number; runs: number; values: number[] };
  ratio?: { median: number; min: number; max: number; runs: number };
  target?: string;
  status: Row['status'];
}

interface Results {
  mode: string;
  machine: { cores: number; cpuModel: string; node: string; loadAverage: number[]; loadAverageAtStart?: number[] };
  startedAt: string;
  durationSeconds: number;
  benches: Array<{ name: string; title: string; size: string; error?: string; notes: string[]; figures: Figure[] }>;
}

const num = (v: number | null) => (v === null ? Number.NaN : v);

export function outputsOf(results: Results): BenchOutput[] {
  return results.benches.map((b) => ({
    name: b.name,
    title: b.title,
    size: b.size,
    notes: b.notes,
    durationMs: 0,
    ...(b.error && { error: b.error }),
    rows: b.figures.map((f): Row => ({
      id: f.id,
      label: f.label,
      unit: f.unit,
      ...(f.size && { size: f.size }),
      value: { median: num(f.median), min: num(f.min), max: num(f.max), runs: f.runs },
      values: f.values,
      ...(f.baseline && {
        baseline: {
          label: f.baseline.label,
          value: { median: num(f.baseline.median), min: num(f.baseline.min), max: num(f.baseline.max), runs: f.baseline.runs },
          values: f.baseline.values,
        },
      }),
      ...(f.ratio && { ratio: { median: num(f.ratio.median), min: num(f.ratio.min), max: num(f.ratio.max), runs: f.ratio.runs } }),
      ...(f.target && { target: { on: 'value', op: '==', threshold: 0, text: f.target } }),
      status: f.status,
    })),
  }));
}

if (isEntryPoint(import.meta.url)) {
  for (const file of process.argv.slice(2)) {
    const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
    const m = results.machine;
    console.log(
      `<!-- ${file}: ${results.mode}, ${results.startedAt}, ${results.durationSeconds} s; ${m.cores} cores (${m.cpuModel}), Node ${m.node}, load ${
        (m.loadAverageAtStart ?? []).join(' ') || '?'
      } -> ${m.loadAverage.join(' ')} -->`,
    );
    for (const line of markdownTable(outputsOf(results))) console.log(line);
    console.log('');
  }
}
