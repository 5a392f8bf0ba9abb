// What every benchmark gets: the mode (--quick or full), how many runs, a scratch folder on the
// repository's disk (not tmpfs: appends must really reach a disk), and a progress log on stderr.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOutput } from './report.js';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'bench')) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'tsp-authorization') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no project root above ${from}`);
    dir = parent;
  }
}

/** The repository's root (the folder with package.json), whether run from dist/ or from source. */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
/** bench/.scratch: gitignored; the Emmett peer is installed here, data files live under it. */
export const SCRATCH = join(ROOT, 'bench', '.scratch');
/** The built API server, started as a child process by the HTTP benchmarks. */
export const SERVER_ENTRY = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');

export interface BenchContext {
  quick: boolean;
  runs: number;
  /** A folder of this benchmark's own, emptied before it starts. */
  dir: string;
  log(message: string): void;
}

export interface Bench {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<Omit<BenchOutput, 'name' | 'title' | 'durationMs'>>;
}

export const runsFor = (quick: boolean) => (quick ? 3 : 5);

export function benchDir(name: string): string {
  const dir = join(SCRATCH, 'work', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function makeContext(name: string, quick: boolean, runs = runsFor(quick)): BenchContext {
  const started = Date.now();
  return {
    quick,
    runs,
    dir: benchDir(name),
    log: (message) => process.stderr.write(`[${name} +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`),
  };
}

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  totalMemoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** True when this module is the process's entry point (a benchmark run on its own, e.g. under --cpu-prof). */
export const isEntryPoint = (moduleUrl: string) => process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);

export const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
