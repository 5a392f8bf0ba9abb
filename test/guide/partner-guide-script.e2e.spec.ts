// The README's partner guide runs as pasted: docs/partner-guide.sh (curl and jq) against the API
// as `npm start` serves it (the built server in a child process, the embedded default, a fresh
// DATA_DIR, no AUTH_JWT_SECRET: the guide mints its tokens with `npm run -s token` from the
// secret the server created), and succeeds. The script checks every answer itself and exits
// non-zero with a message at the first one that is not what the guide says.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureBuilt, freePort, SERVER_ENTRY } from '../hardening/support/child-server.js';

const SCRIPT = 'docs/partner-guide.sh';
const hasJq = spawnSync('jq', ['--version']).status === 0;
const hasCurl = spawnSync('curl', ['--version']).status === 0;

if (!hasJq && process.env.CI === 'true')
  it('needs jq for the partner guide (apt-get install -y jq; .ci/run installs it)', () => {
    throw new Error('jq is not installed: the partner guide (docs/partner-guide.sh) cannot run. Install it: apt-get install -y jq');
  });

(hasJq && hasCurl ? describe : describe.skip)('the partner guide script (skipped without jq or curl; under CI=true a missing jq fails)', () => {
  let dataDir: string;
  let server: ChildProcess;
  let url: string;
  let output = '';

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'tsp-guide-'));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'AUTH_JWT_SECRET', 'NODE_OPTIONS']) delete env[name];
    server = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (output += d));
    server.stderr!.on('data', (d: Buffer) => (output += d));
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (server.exitCode !== null || Date.now() > deadline) throw new Error(`the server did not get ready:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((done) => server.once('exit', done));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, B: url, DATA_DIR: dataDir, ...env };
    for (const name of ['AUTH_JWT_SECRET', 'NODE_OPTIONS', 'P', 'S', 'PARTNER_ID', 'SELLER_ID']) if (!(name in env)) delete childEnv[name];
    return spawnSync('bash', [SCRIPT], { env: childEnv, encoding: 'utf8', timeout: 90_000 });
  };

  it('runs the whole guide, from publishing two services to the partner denied after the cancel', () => {
    const result = run({});
    expect({
      status: result.status,
      stderr: result.stderr
        .split('\n')
        .filter((l) => !/^(token: using secret|build: )/.test(l))
        .join('\n'),
    }).toEqual({ status: 0, stderr: '' });
    expect(result.stderr).toContain(`token: using secret from DATA_DIR=${dataDir} (jwt-secret)`);
    for (const step of [
      'Step 1',
      'Step 2',
      'Step 3',
      'Step 4',
      'Seller management page',
      'my service page',
      'renew',
      'cancels',
      'The partner guide succeeded.',
    ])
      expect(result.stdout).toContain(step);
  }, 120_000);

  it('runs again on the same server (each run has its own partner and seller, so its totals are its own)', () => {
    expect(run({}).status).toBe(0);
  }, 120_000);

  it('stops with a message and a non-zero exit when an answer is not what the guide says', () => {
    // The seller of an earlier run already holds both services of partner-fixed: the grant is 409.
    expect(run({ PARTNER_ID: 'partner-fixed', SELLER_ID: 'shop-fixed' }).status).toBe(0);
    const again = run({ PARTNER_ID: 'partner-fixed', SELLER_ID: 'shop-fixed' });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/partner-guide: FAILED: .*the API answered: \{/);
  }, 120_000);
});
