// A CPU profile of the API under one load: the server (dist/apps/api/src/main.js) runs under
// --cpu-prof while autocannon drives one route, then the profile is summarized.
// Usage: node dist/bench/support/profile-http.js <grants|access-checks|whoami> [seconds=10] [dir=bench/.scratch/profiles]
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checks, grantSellers, PARTNER } from '../access-checks.js';
import { grants, perConnectionFor, whoami } from '../http-commands.js';
import { SCRATCH } from './context.js';
import { summarizeProfile } from './cpuprofile.js';
import { publishService, startServer } from './server.js';

const [route = 'grants', secondsArg = '10', dirArg] = process.argv.slice(2);
const seconds = Number(secondsArg);
const dir = dirArg ?? join(SCRATCH, 'profiles', route);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const dataDir = join(SCRATCH, 'work', `profile-${route}`);
rmSync(dataDir, { recursive: true, force: true });
// The log is set up by a first, unprofiled server; the profiled one then starts on it.
const setup = await startServer({ dataDir });
const service = await publishService(setup, setup.token({ role: 'partner', sub: PARTNER }));
const sellers = route === 'access-checks' ? await grantSellers(setup, service, 2_000) : [];
await setup.stop();
process.env.BENCH_CPU_PROF_DIR = dir;
const server = await startServer({ dataDir });
let line: string;
try {
  if (route === 'grants') {
    const r = await grants(server, service, 'profiled', seconds, perConnectionFor(2_000, seconds), new Set());
    line = `grants: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${JSON.stringify(r.statusCodes)}`;
  } else if (route === 'access-checks') {
    const r = await checks(server, sellers, seconds);
    line = `access checks: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${JSON.stringify(r.statusCodes)}`;
  } else {
    const r = await whoami(server, seconds);
    line = `whoami: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms`;
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile in ${dir}`);
const summary = summarizeProfile(join(dir, file), 30);
console.log(`${line}\nprofile: ${join(dir, file)} (${(summary.totalMs / 1000).toFixed(1)} s)\n\nself time by frame:`);
for (const f of summary.frames) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
console.log('\nself time by place:');
for (const f of summary.byPlace) console.log(`${(f.share * 100).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.frame}`);
