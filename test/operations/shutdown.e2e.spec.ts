// Graceful shutdown of the served API (node dist/apps/api/src/main.js): SIGTERM while commands are
// in flight; they complete, the process exits 0 within a bounded time, and a restart on the same
// DATA_DIR sees every command that was answered.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SystemClock, tokenSigner } from '#libs/platform';
import { ensureBuilt, freePort, SERVER_ENTRY } from '../hardening/support/child-server.js';

const SECRET = randomBytes(48).toString('base64url');
const token = tokenSigner(SECRET, new SystemClock())({ role: 'partner', sub: 'partner-1' }, 3_600);

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

async function serve(dataDir: string): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'info' };
  for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) delete env[name];
  const child = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 30_000; ;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      return { url, child, output: () => output, exited };
    if (Date.now() > deadline) throw new Error(`not ready within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const publish = (server: Server, i: number) =>
  fetch(`${server.url}/v1/services`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Service ${i}`, visibility: 'PUBLIC', markets: ['EU'], requestedScopes: { dataCompass: true } }),
  }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as { serviceId: string }, at: Date.now() }),
    // Requests still in the kernel's queue when the listener closes are refused or reset: never started.
    (error: Error & { cause?: { code?: string } }) => ({ status: 0, error: error.cause?.code ?? error.message, body: { serviceId: '' }, at: Date.now() }),
  );

describe('graceful shutdown (SIGTERM)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tsp-shutdown-'));
  const started: Server[] = [];
  afterAll(() => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the commands in flight, exits 0 promptly, and a restart sees them', async () => {
    ensureBuilt();
    const server = await serve(dataDir);
    started.push(server);
    const requests = Array.from({ length: 40 }, (_, i) => publish(server, i));
    await Promise.race(requests); // the server is busy with the batch
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const answers = await Promise.all(requests);
    const exit = await server.exited;

    const done = answers.filter((a) => a.status === 201);
    const unstarted = answers.filter((a) => a.status === 0);
    expect(done.length + unstarted.length).toBe(answers.length); // nothing else: no 5xx, no half answer
    for (const a of unstarted) expect(['ECONNRESET', 'ECONNREFUSED', 'UND_ERR_SOCKET', 'EPIPE']).toContain((a as { error?: string }).error);
    expect(done.filter((a) => a.at >= signalledAt).length).toBeGreaterThan(0); // some were in flight at SIGTERM
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(5_000);
    expect(server.output()).toMatch(/"context":"Shutdown","msg":"SIGTERM: no new requests/);
    expect(server.output()).toMatch(/"context":"Shutdown","msg":"stopped in \d+ ms"/);

    const again = await serve(dataDir);
    started.push(again);
    for (const { body } of done) {
      const read = await fetch(`${again.url}/v1/services/${body.serviceId}`, { headers: { authorization: `Bearer ${token}` } });
      expect([body.serviceId, read.status]).toEqual([body.serviceId, 200]);
    }
    // And nothing more: a command the server started was answered, not cut off.
    const listed = await fetch(`${again.url}/v1/partner/services?pageSize=100`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await listed.json()) as { total: number }).total).toBe(done.length);
    again.child.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 90_000);
});
