// What a benchmark reports: rows of figures (the median of its runs, min and max), each with its
// same-run baseline, the ratio to it, the target and whether the median meets it.
import { pairedRatios, type Summary, summarize } from './stats.js';

export interface Target {
  /** What the target is checked on: the figure itself, or its ratio to the baseline. */
  on: 'value' | 'ratio';
  op: '>=' | '<=' | '<' | '==';
  threshold: number;
  /** As printed, e.g. ">= 0.8 x S" or "< 50 ms". */
  text: string;
}

export type Status = 'PASS' | 'MISS' | 'INFO';

export interface Row {
  id: string;
  label: string;
  unit: string;
  /** The data size the figure was measured at, e.g. "1,000,000 events". */
  size?: string;
  value: Summary;
  values: number[];
  baseline?: { label: string; value: Summary; values: number[] };
  ratio?: Summary;
  target?: Target;
  status: Status;
  note?: string;
}

export interface RowSpec {
  id: string;
  label: string;
  unit: string;
  size?: string;
  values: number[];
  baseline?: { label: string; values: number[] };
  target?: Target;
  note?: string;
}

function meets(value: number, target: Target): boolean {
  if (Number.isNaN(value)) return false;
  switch (target.op) {
    case '>=':
      return value >= target.threshold;
    case '<=':
      return value <= target.threshold;
    case '<':
      return value < target.threshold;
    case '==':
      return value === target.threshold;
  }
}

export function row(spec: RowSpec): Row {
  const out: Row = { id: spec.id, label: spec.label, unit: spec.unit, value: summarize(spec.values), values: spec.values, status: 'INFO' };
  if (spec.size) out.size = spec.size;
  if (spec.note) out.note = spec.note;
  if (spec.baseline) {
    out.baseline = { label: spec.baseline.label, value: summarize(spec.baseline.values), values: spec.baseline.values };
    out.ratio = summarize(pairedRatios(spec.values, spec.baseline.values));
  }
  if (spec.target) {
    out.target = spec.target;
    const checked = spec.target.on === 'ratio' ? out.ratio?.median : out.value.median;
    out.status = checked !== undefined && meets(checked, spec.target) ? 'PASS' : 'MISS';
  }
  return out;
}

export const target = {
  ratioAtLeast: (threshold: number, of: string): Target => ({ on: 'ratio', op: '>=', threshold, text: `>= ${threshold} x ${of}` }),
  ratioAtMost: (threshold: number, of: string): Target => ({ on: 'ratio', op: '<=', threshold, text: `<= ${threshold} x ${of}` }),
  below: (threshold: number, unit: string): Target => ({ on: 'value', op: '<', threshold, text: `< ${threshold} ${unit}` }),
  atMost: (threshold: number, unit: string): Target => ({ on: 'value', op: '<=', threshold, text: `<= ${threshold} ${unit}` }),
  exactly: (threshold: number): Target => ({ on: 'value', op: '==', threshold, text: `= ${threshold}` }),
};

export interface BenchOutput {
  name: string;
  title: string;
  /** The sizes used, for the table's header line. */
  size: string;
  rows: Row[];
  notes: string[];
  durationMs: number;
  error?: string;
}

// ---- formatting

export function formatNumber(value: number | null, unit: string): string {
  // NaN (no value) arrives as null once it has crossed the IPC channel as JSON.
  if (value === null || Number.isNaN(value)) return 'n/a';
  if (unit === 'x') return Math.abs(value) >= 1000 ? `${Math.round(value).toLocaleString('en-US')}x` : `${value.toFixed(2)}x`;
  const abs = Math.abs(value);
  if (unit === 'ms') return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
  if (abs >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}

const spread = (s: Summary, unit: string) => (s.runs > 1 && s.min !== null ? ` (${formatNumber(s.min, unit)}..${formatNumber(s.max, unit)})` : '');

export function tableLines(outputs: readonly BenchOutput[]): string[] {
  const header = ['bench', 'figure', 'size', 'median (min..max)', 'unit', 'baseline (median)', 'ratio (min..max)', 'target', 'result'];
  const rows: string[][] = [];
  for (const output of outputs) {
    if (output.error) rows.push([output.name, 'ERROR', '', output.error.split('\n')[0]!.slice(0, 100), '', '', '', '', 'FAIL']);
    for (const r of output.rows)
      rows.push([
        output.name,
        r.label,
        r.size ?? '',
        `${formatNumber(r.value.median, r.unit)}${spread(r.value, r.unit)}`,
        r.unit,
        r.baseline ? `${r.baseline.label}: ${formatNumber(r.baseline.value.median, r.unit)}` : '',
        r.ratio ? `${formatNumber(r.ratio.median, 'x')}${spread(r.ratio, 'x')}` : '',
        r.target?.text ?? '',
        r.status,
      ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
}

/** The same table in Markdown, for docs/BENCHMARKS.md. */
export function markdownTable(outputs: readonly BenchOutput[]): string[] {
  const lines = [
    '| bench | figure | size | median (min..max) | unit | baseline (median) | ratio (min..max) | target | result |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const output of outputs) {
    if (output.error) lines.push(`| ${output.name} | ERROR | | ${output.error.split('\n')[0]} | | | | | FAIL |`);
    for (const r of output.rows)
      lines.push(
        `| ${output.name} | ${r.label} | ${r.size ?? ''} | ${formatNumber(r.value.median, r.unit)}${spread(r.value, r.unit)} | ${r.unit} | ${
          r.baseline ? `${r.baseline.label}: ${formatNumber(r.baseline.value.median, r.unit)}` : ''
        } | ${r.ratio ? `${formatNumber(r.ratio.median, 'x')}${spread(r.ratio, 'x')}` : ''} | ${r.target?.text ?? ''} | ${r.status} |`,
      );
  }
  return lines;
}
