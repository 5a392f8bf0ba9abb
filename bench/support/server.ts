// The API as it is served (dist/apps/api/src/main.js: the embedded default, a SQLite log under
// DATA_DIR) in a child process of its own, on a free port, so that the load generator in this
// process does not share the server's event loop. Tokens are minted here with the product's own
// tokenSigner and the secret given to the child in AUTH_JWT_SECRET.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { type Principal, SystemClock, tokenSigner } from '#libs/platform';
import { SERVER_ENTRY, sleep } from './context.js';

export interface Server {
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  token(principal: Principal): string;
  /** The last lines the server printed (for errors). */
  output(): string;
  stop(): Promise<void>;
  /** kill -9: no shutdown, no snapshot written. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  dataDir: string;
  env?: Record<string, string>;
  /** How long to wait for the server to answer. */
  timeoutMs?: number;
  /** The path polled until it answers at all (any status): the server is listening. */
  probePath?: string;
  /** How long stop() waits after SIGTERM before SIGKILL (default 10 s). */
  stopTimeoutMs?: number;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startServer(options: StartOptions): Promise<Server> {
  mkdirSync(options.dataDir, { recursive: true });
  const port = await freePort();
  const secret = randomBytes(48).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    AUTH_JWT_SECRET: secret,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    // The throttle (per principal) would cap a load test long before the server does.
    RATE_LIMIT_PER_MINUTE: '100000000',
    NODE_ENV: 'production',
    ...options.env,
  });
  // BENCH_CPU_PROF_DIR=<dir>: the server runs under --cpu-prof and leaves its profile there on stop.
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', new URL('./exit-on-sigusr2.js', import.meta.url).href] : [];
  const child = spawn(process.execPath, ['--enable-source-maps', ...profiling, SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const sign = tokenSigner(secret, new SystemClock());
  const server: Server = {
    url,
    port,
    dataDir: options.dataDir,
    pid: child.pid!,
    token: (principal) => sign(principal, 6 * 3600),
    output: () => output,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(profileDir ? 'SIGUSR2' : 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${output}`);
    try {
      await fetch(`${url}${options.probePath ?? '/v1/whoami'}`);
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`the server did not answer within ${options.timeoutMs ?? 60_000} ms:\n${output}`);
      }
      await sleep(50);
    }
  }
}

export async function request<T = any>(
  server: Server,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: parsed as T };
}

/** A partner's PUBLIC service for US_L2L sellers, published through the API. */
export async function publishService(server: Server, partnerToken: string): Promise<{ serviceId: string; linkCode: string }> {
  const published = await request<{ serviceId: string; linkCode: string }>(server, 'POST', '/v1/services', partnerToken, {
    name: 'Bench analytics',
    description: 'A service for the benchmarks',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    requestedScopes: { authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP'], shopOperationTicket: true, dataCompass: true },
    validityDays: 365,
  });
  if (published.status !== 201) throw new Error(`publishing the service: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

/** The body of a grant of that service (the seller comes from the token). */
export const grantBody = (service: { serviceId: string; linkCode: string }) =>
  JSON.stringify({
    linkCode: service.linkCode,
    grants: [{ serviceId: service.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true }, validityDays: 180 }],
  });
