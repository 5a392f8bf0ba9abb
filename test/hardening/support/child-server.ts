// The API as it is served (node dist/apps/api/src/main.js, the embedded default) in a child
// process, so that it can be killed with SIGKILL mid-flight and started again on the same DATA_DIR.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Principal, SystemClock, tokenSigner } from '#libs/platform';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const SERVER_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm test` builds first; run alone, the suite builds dist/ when a source is newer than it. */
export function ensureBuilt(): void {
  const built = existsSync(SERVER_ENTRY) ? statSync(SERVER_ENTRY).mtimeMs : 0;
  if (built >= Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')))) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere do not stop the emit; a missing entry point does.
  }
  if (!existsSync(SERVER_ENTRY)) throw new Error(`no ${SERVER_ENTRY}: the build failed`);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ChildServer {
  url: string;
  token(principal: Principal): string;
  output(): string;
  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves with the signal (or exit code) once the process has ended, whoever ended it. */
  ended(): Promise<string | number | null>;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));

/** `extraEnv`: more settings for this start (a test-only fault, a clock offset, webhook URL rules). */
export async function startChildServer(
  dataDir: string,
  secret = randomBytes(48).toString('base64url'),
  extraEnv: Record<string, string> = {},
): Promise<ChildServer & { secret: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'silent' }, extraEnv);
  const child = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const sign = tokenSigner(secret, new SystemClock());
  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    secret,
    token: (principal: Principal) => sign(principal, 3600),
    output: () => output,
    async ended() {
      await exited(child);
      return child.signalCode ?? child.exitCode;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready:\n${output}`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return server;
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`the server was not ready within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  server: ChildServer,
  method: string,
  path: string,
  principal: Principal,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const all: Record<string, string> = { authorization: `Bearer ${server.token(principal)}`, ...headers };
  if (body !== undefined) all['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers: all, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
