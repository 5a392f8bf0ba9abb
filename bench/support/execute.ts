// Runs one benchmark and turns what it returns (or throws) into its output; also lets a
// benchmark file run on its own (`node --expose-gc dist/bench/queries.js --quick`), e.g. under
// --cpu-prof.
import { type Bench, makeContext, runsFor } from './context.js';
import { type BenchOutput, tableLines } from './report.js';

export interface ExecuteOptions {
  quick: boolean;
  runs?: number;
}

export async function execute(bench: Bench, options: ExecuteOptions): Promise<BenchOutput> {
  const ctx = makeContext(bench.name, options.quick, options.runs ?? runsFor(options.quick));
  const started = performance.now();
  try {
    const result = await bench.run(ctx);
    return { name: bench.name, title: bench.title, durationMs: performance.now() - started, ...result };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.log(`failed: ${message}`);
    return { name: bench.name, title: bench.title, size: '', rows: [], notes: [], durationMs: performance.now() - started, error: message };
  }
}

export function parseArgs(argv: readonly string[]): { quick: boolean; runs?: number; only: string[] } {
  const out: { quick: boolean; runs?: number; only: string[] } = { quick: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') out.quick = true;
    else if (arg === '--only') out.only.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (arg.startsWith('--only=')) out.only.push(...arg.slice('--only='.length).split(',').filter(Boolean));
    else if (arg === '--runs') out.runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) out.runs = Number(arg.slice('--runs='.length));
    else throw new Error(`unknown argument ${arg}: expected --quick, --only <names> or --runs <n>`);
  }
  if (out.runs !== undefined && (!Number.isInteger(out.runs) || out.runs < 1)) throw new Error('--runs takes a whole number >= 1');
  return out;
}

/** A benchmark file run as the entry point: runs it and prints its table. */
export async function runStandalone(bench: Bench): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const output = await execute(bench, { quick: args.quick, ...(args.runs !== undefined && { runs: args.runs }) });
  for (const line of tableLines([output])) console.log(line);
  for (const note of output.notes) console.log(`note: ${note}`);
  if (output.error) process.exitCode = 1;
}
