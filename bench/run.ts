// `npm run bench` (full) and `npm run bench -- --quick` (smaller sizes, 3 runs; under 2 minutes):
// runs each benchmark in a process of its own (forked, with --expose-gc), prints a table of
// medians (min..max) with their same-run baselines, ratios, targets and PASS/MISS, and writes
// bench/results.json with the machine's cores and Node version. `--only <names>` runs a subset
// (comma-separated or repeated); `--runs <n>` overrides the number of runs.
// Exit code: 1 when a benchmark failed to run (a missed target is reported, not failed).
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo, ROOT, runsFor } from './support/context.js';
import { clearSharedData } from './support/datasets.js';
import { parseArgs } from './support/execute.js';
import { BENCH_NAMES } from './support/registry.js';
import { type BenchOutput, tableLines } from './support/report.js';

const CHILD = fileURLToPath(new URL('./support/child.js', import.meta.url));
export const RESULTS_FILE = join(ROOT, 'bench', 'results.json');

function runInChild(name: string, quick: boolean, runs: number): Promise<BenchOutput> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = fork(CHILD, [name, quick ? 'quick' : 'full', String(runs)], {
      execArgv: ['--expose-gc', '--enable-source-maps', '--max-old-space-size=12288'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let output: BenchOutput | undefined;
    child.on('message', (m: { type: string; output: BenchOutput }) => {
      if (m.type === 'output') output = m.output;
    });
    const failed = (error: string): BenchOutput => ({ name, title: name, size: '', rows: [], notes: [], durationMs: performance.now() - started, error });
    child.on('error', (error) => resolve(failed(error.message)));
    child.on('exit', (code, signal) => resolve(output ?? failed(`the benchmark's process exited (${code ?? signal}) without results`)));
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const names = args.only.length ? args.only : [...BENCH_NAMES];
  for (const name of names) if (!(BENCH_NAMES as readonly string[]).includes(name)) throw new Error(`no benchmark ${name}: one of ${BENCH_NAMES.join(', ')}`);
  const runs = args.runs ?? runsFor(args.quick);
  const machineAtStart = machineInfo();
  const startedAt = new Date().toISOString();
  const started = performance.now();
  process.stderr.write(
    `bench: ${args.quick ? 'quick' : 'full'}, ${runs} runs each, ${names.join(', ')}; ${machineAtStart.cores} cores (${machineAtStart.cpuModel}), Node ${machineAtStart.node}, load ${machineAtStart.loadAverage.join(' ')}\n`,
  );
  clearSharedData();
  const outputs: BenchOutput[] = [];
  for (const name of names) {
    const output = await runInChild(name, args.quick, runs);
    process.stderr.write(`bench: ${name} done in ${(output.durationMs / 1000).toFixed(1)} s${output.error ? ' (FAILED)' : ''}\n`);
    outputs.push(output);
  }
  clearSharedData();
  const machine = { ...machineInfo(), loadAverageAtStart: machineAtStart.loadAverage };
  const durationMs = performance.now() - started;
  const ok = outputs.every((o) => !o.error);
  const results = {
    startedAt,
    mode: args.quick ? 'quick' : 'full',
    runs,
    durationSeconds: Math.round(durationMs / 100) / 10,
    machine,
    ok,
    summary: {
      pass: outputs.flatMap((o) => o.rows).filter((r) => r.status === 'PASS').length,
      miss: outputs.flatMap((o) => o.rows).filter((r) => r.status === 'MISS').length,
      failed: outputs.filter((o) => o.error).map((o) => o.name),
    },
    benches: outputs.map((o) => ({
      name: o.name,
      title: o.title,
      size: o.size,
      durationSeconds: Math.round(o.durationMs / 100) / 10,
      ...(o.error && { error: o.error }),
      notes: o.notes,
      figures: o.rows.map((r) => ({
        id: r.id,
        label: r.label,
        unit: r.unit,
        ...(r.size && { size: r.size }),
        median: r.value.median,
        min: r.value.min,
        max: r.value.max,
        runs: r.value.runs,
        values: r.values,
        ...(r.baseline && {
          baseline: {
            label: r.baseline.label,
            median: r.baseline.value.median,
            min: r.baseline.value.min,
            max: r.baseline.value.max,
            runs: r.baseline.value.runs,
            values: r.baseline.values,
          },
        }),
        ...(r.ratio && { ratio: { median: r.ratio.median, min: r.ratio.min, max: r.ratio.max, runs: r.ratio.runs } }),
        ...(r.target && { target: r.target.text }),
        status: r.status,
        ...(r.note && { note: r.note }),
      })),
    })),
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);

  console.log(
    `\n${args.quick ? 'Quick' : 'Full'} benchmark run: ${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, ${runs} runs per figure, load ${machine.loadAverage.join(' ')}`,
  );
  for (const o of outputs) console.log(`  ${o.title}: ${o.size || '-'} (${(o.durationMs / 1000).toFixed(0)} s)`);
  console.log('');
  for (const line of tableLines(outputs)) console.log(line);
  const notes = outputs.flatMap((o) => o.notes.map((n) => `${o.name}: ${n}`));
  if (notes.length) console.log(`\n${notes.map((n) => `note: ${n}`).join('\n')}`);
  console.log(
    `\n${results.summary.pass} PASS, ${results.summary.miss} MISS${ok ? '' : `, FAILED: ${results.summary.failed.join(', ')}`}; ${(durationMs / 1000).toFixed(0)} s; wrote ${RESULTS_FILE}`,
  );
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
