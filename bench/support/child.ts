// One benchmark in a process of its own (forked by bench/run.ts): its memory, JIT state and
// garbage do not leak into the next one. Sends its output back over IPC.
import { execute } from './execute.js';
import { loadBench } from './registry.js';

const [name, mode, runs] = process.argv.slice(2);

async function main(): Promise<void> {
  const bench = await loadBench(name!);
  const output = await execute(bench, { quick: mode === 'quick', ...(runs && { runs: Number(runs) }) });
  await new Promise<void>((resolve) => process.send!({ type: 'output', output }, () => resolve()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
