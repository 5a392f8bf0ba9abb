// 7. No stalls: the event loop's longest delay (perf_hooks.monitorEventLoopDelay, in the server)
// while the API does its heavy background work at 1,000,000 events (10,000 with --quick), measured
// while access checks run at 32 connections, with their p99 for each scenario:
// - idle: access checks alone (the reference: GC pauses and the load itself);
// - snapshot: a read-model snapshot written (the background write's code);
// - replay: a blue/green replay of every projection (what `npm run replay -- --projection all` asks for);
// - deadlines: the deadline process's catch-up after a long downtime (the clock moved from before
//   the history to its end: every overdue expiry and cancellation timeout appended at once).
// The API runs in a child (support/stalls-server.ts) on a copy of the shared log and a snapshot
// written by a first start, so that it starts in seconds.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock, type Principal, tokenSigner } from '#libs/platform';
import { CONNECTIONS } from './http-commands.js';
import { logEventsFor } from './rebuild.js';
import { type Bench, isEntryPoint, sleep } from './support/context.js';
import { ensureLog } from './support/datasets.js';
import { runStandalone } from './support/execute.js';
import { fire, type LoadResult, type PlannedRequest } from './support/load.js';
import { row, target } from './support/report.js';
import { freePort } from './support/server.js';
import { BEFORE_HISTORY, type StallReport, type StallScenario } from './support/stalls-protocol.js';
import { partnerId, sellerId } from './support/synthetic.js';

const CHILD = fileURLToPath(new URL('./support/stalls-server.js', import.meta.url));
// The replay last: the generation it replaces becomes garbage (1.5M documents) for the next one to collect.
const SCENARIOS: StallScenario[] = ['idle', 'snapshot', 'deadlines', 'replay'];
const PERMISSIONS = ['DATA_COMPASS', 'AUTHORIZED_OBJECT:SHOP', 'SHOP_OPERATION_TICKET', 'SELLER_CENTER_LOGIN'];
const SCENARIO_TIMEOUT_MS = 600_000;
const LABELS: Record<StallScenario, string> = {
  idle: 'access checks alone (reference)',
  snapshot: 'during a read-model snapshot write',
  replay: 'during a blue/green replay of every projection',
  deadlines: 'during the deadline catch-up after a long downtime',
};

interface Child {
  process: ChildProcess;
  url: string;
  sign: (p: Principal) => string;
  next(type: string): Promise<any>;
  output(): string;
}

function start(mode: 'prepare' | 'serve', dataDir: string, port: number, secret: string, idleMs = 5_000): Child {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    AUTH_JWT_SECRET: secret,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SHUTDOWN_TIMEOUT_MS: '240000',
    // The deadline process's own interval stays out of the way: the scenario runs its pass.
    PROCESS_INTERVAL_MS: '3600000',
    STALLS_IDLE_MS: String(idleMs),
    NODE_ENV: 'production',
  });
  // BENCH_CPU_PROF_DIR=<dir>: the served API runs under --cpu-prof and leaves its profile there.
  const profileDir = mode === 'serve' ? process.env.BENCH_CPU_PROF_DIR : undefined;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = fork(CHILD, [mode], {
    env,
    execArgv: ['--enable-source-maps', '--max-old-space-size=12288', ...profiling],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const queue: any[] = [];
  const waiting: Array<(m: any) => void> = [];
  child.on('message', (m) => (waiting.length ? waiting.shift()!(m) : queue.push(m)));
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`the stalls server exited (${code}):\n${output}`))));
  exited.catch(() => undefined);
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    // Issued at the server's clock at start, valid past the end of the history it moves to.
    sign: (p) => tokenSigner(secret, new ManualClock(BEFORE_HISTORY))(p, 240 * 86_400),
    output: () => output,
    async next(type) {
      const timeout = sleep(SCENARIO_TIMEOUT_MS).then(() => {
        throw new Error(`no ${type} from the stalls server in ${SCENARIO_TIMEOUT_MS} ms:\n${output}`);
      });
      const m = await Promise.race([queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r)), exited, timeout]);
      if (m.type === 'failed') throw new Error(`${m.scenario} failed in the server: ${m.error}`);
      if (m.type !== type) throw new Error(`expected ${type} from the stalls server, got ${JSON.stringify(m)}`);
      return m;
    },
  };
}

async function stop(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const gone = new Promise((r) => child.process.once('exit', r));
  // Asked to exit (a profile is written then); killed if it does not within 30 s.
  child.process.send({ exit: true });
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 30_000);
  await gone;
  clearTimeout(timer);
}

/** Access checks by the largest partner over its synthetic sellers, a tenth never granted. */
function accessChecks(child: Child, sellers: number, until: Promise<unknown>): Promise<LoadResult> {
  const partner = partnerId(0);
  const token = child.sign({ role: 'partner', sub: partner });
  const perConnection = 997;
  return fire(child.url, {
    seconds: SCENARIO_TIMEOUT_MS / 1000,
    connections: CONNECTIONS,
    until,
    plan: (c) =>
      Array.from({ length: perConnection }, (_, i): PlannedRequest => {
        const n = c * perConnection + i;
        const seller = n % 10 === 9 ? `never-granted-${n}` : sellerId((n * 7) % sellers);
        return { method: 'GET', path: `/v1/access-checks?partnerId=${partner}&sellerId=${seller}&permission=${PERMISSIONS[n % PERMISSIONS.length]}`, token };
      }),
  });
}

export const bench: Bench = {
  name: 'stalls',
  title: '7. No stalls',
  async run(ctx) {
    const log = await ensureLog(logEventsFor(ctx.quick), ctx.log);
    const secret = randomBytes(48).toString('base64url');
    // STALLS_PREPARED=<dir>: a prepared data directory kept from an earlier run (profiling one scenario again).
    const kept = process.env.STALLS_PREPARED;
    const prepared = kept ?? join(ctx.dir, 'prepared');
    if (!kept) {
      mkdirSync(prepared, { recursive: true });
      copyFileSync(log.file, join(prepared, 'events.db'));
      const first = start('prepare', prepared, await freePort(), secret);
      try {
        const { readyMs } = await first.next('prepared');
        ctx.log(`prepared: the whole log replayed in ${(readyMs / 1000).toFixed(1)} s, a snapshot written at shutdown`);
      } finally {
        await new Promise((r) => (first.process.exitCode === null ? first.process.once('exit', r) : r(null)));
      }
    }
    // STALLS_ONLY=snapshot,deadlines: some scenarios only.
    const scenarios = SCENARIOS.filter((s) => !process.env.STALLS_ONLY || process.env.STALLS_ONLY.split(',').includes(s));
    const values: Record<StallScenario, { max: number[]; p99: number[]; gc: number[]; ms: number[]; details: string[] }> = Object.fromEntries(
      SCENARIOS.map((s) => [s, { max: [], p99: [], gc: [], ms: [], details: [] }]),
    ) as never;
    // Each run on its own copy: the deadline catch-up happens once per log.
    // One run: a data directory is used once (the catch-up and the replay change it), and a run at full size takes minutes.
    const runs = 1;
    for (let run = 1; run <= runs; run++) {
      const dataDir = join(ctx.dir, `run-${run}`);
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
      copyFileSync(join(prepared, 'events.db'), join(dataDir, 'events.db'));
      const child = start('serve', dataDir, await freePort(), secret, ctx.quick ? 1_500 : 5_000);
      try {
        const { readyMs } = await child.next('serving');
        ctx.log(`run ${run}/${runs}: served, ready in ${(readyMs / 1000).toFixed(1)} s (snapshot)`);
        const sellers = Math.min(20_000, Math.max(100, Math.floor(log.authorizations / 5)));
        // Warm-up: JIT and the token cache.
        await accessChecks(child, sellers, sleep(ctx.quick ? 500 : 2_000));
        for (const scenario of scenarios) {
          let done!: () => void;
          const finished = new Promise<void>((r) => (done = r));
          const load = accessChecks(child, sellers, finished);
          await sleep(300);
          child.process.send({ scenario });
          let report: StallReport;
          try {
            report = (await child.next('report')).report as StallReport;
          } finally {
            done();
          }
          const checks = await load;
          const v = values[scenario];
          v.max.push(report.maxDelayMs);
          v.p99.push(checks.p99);
          v.gc.push(report.maxGcMs);
          v.ms.push(report.ms / 1000);
          v.details.push(report.detail);
          ctx.log(
            `run ${run}: ${scenario}: loop delay max ${report.maxDelayMs.toFixed(1)} ms (p99 ${report.p99DelayMs.toFixed(1)}, longest GC ${report.maxGcMs.toFixed(1)} ms of ${report.gcs}), ` +
              `access checks ${Math.round(checks.rps)}/s p99 ${checks.p99} ms, ${(report.ms / 1000).toFixed(1)} s: ${report.detail}; codes ${JSON.stringify(checks.statusCodes)}; ` +
              `longest blocks ${report.longest.map((g) => `${Math.round(g.ms)} ms at ${g.fromUs}`).join(', ')}`,
          );
        }
      } catch (error) {
        throw new Error(`${(error as Error).message}\nserver output:\n${child.output()}`, { cause: error });
      } finally {
        await stop(child);
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    if (!kept) rmSync(prepared, { recursive: true, force: true });
    const size = `${log.events.toLocaleString('en-US')} events; ${CONNECTIONS} connections of access checks`;
    const rows = SCENARIOS.flatMap((s) => [
      row({
        id: `stalls.${s}.max-delay`,
        label: `${LABELS[s]}: event loop delay, max`,
        unit: 'ms',
        size,
        values: values[s].max,
        target: s === 'idle' ? undefined : target.atMost(50, 'ms'),
      }),
      row({ id: `stalls.${s}.checks-p99`, label: `${LABELS[s]}: access checks p99`, unit: 'ms', size, values: values[s].p99 }),
      row({ id: `stalls.${s}.gc`, label: `${LABELS[s]}: longest GC pause`, unit: 'ms', size, values: values[s].gc }),
      row({ id: `stalls.${s}.seconds`, label: `${LABELS[s]}: duration`, unit: 's', size, values: values[s].ms }),
    ]);
    return {
      size,
      rows,
      notes: [
        'loop delay: perf_hooks.monitorEventLoopDelay (resolution 5 ms) in the API process, enabled for the scenario only; access checks: autocannon, 32 connections, from 0.3 s before the scenario to its end',
        ...SCENARIOS.map((s) => `${s}: ${values[s].details[0] ?? ''}`),
      ],
    };
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
