// At least once across crashes: the real server (node dist/...), its receiver down, is killed
// with SIGKILL while its deliveries are pending; restarted, it delivers every one of them, with
// the same notification ids, once the receiver is up. Runs the build from `npm test` (or builds
// when dist is older than the sources).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { type Principal, SystemClock, tokenSigner } from '#libs/platform';
import { eventually, freePort, Receiver } from '../webhooks/receiver.js';

const MAIN = 'dist/apps/api/src/main.js';
const SECRET = 'crash-test-secret-that-is-long-enough-for-hs256-0123456789';
const sign = tokenSigner(SECRET, new SystemClock());
const partner: Principal = { role: 'partner', sub: 'partner-1' };
const sellerNo = (n: number): Principal => ({ role: 'seller', sub: `shop-${n}`, market: 'US_L2L' });

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const built = existsSync(MAIN) ? statSync(MAIN).mtimeMs : 0;
  if (built >= Math.max(newestSource('apps'), newestSource('libs'))) return;
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'pipe' });
  } catch {
    // Type errors still emit; the server below says whether the build runs.
  }
}

interface Server {
  child: ChildProcess;
  base: string;
  exited: Promise<unknown>;
}

async function startServer(dataDir: string): Promise<Server> {
  const port = await freePort();
  const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: SECRET,
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_SCHEDULE_MS: '150,300',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  await eventually(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200, {
    timeoutMs: 20_000,
    tick: () => new Promise((r) => setTimeout(r, 50)),
  });
  return { child, base, exited };
}

const call = async (server: Server, who: Principal, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${sign(who)}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

let dataDir: string;
const running: Server[] = [];
let receiver: Receiver | undefined;
beforeAll(() => {
  ensureBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'webhooks-crash-'));
}, 180_000);
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await Promise.all(running.map((s) => s.exited));
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed with SIGKILL while deliveries are pending', () => {
  it('delivers every one of them after the restart', async () => {
    const receiverPort = await freePort();
    const first = await startServer(dataDir);
    running.push(first);
    const hook = await call(first, partner, 'POST', '/v1/webhooks', { url: `http://127.0.0.1:${receiverPort}/hooks` });
    expect(hook.status).toBe(201);
    const service = await call(first, partner, 'POST', '/v1/services', {
      name: 'Ads',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { dataCompass: true, authorizedObjects: ['SHOP'] },
    });
    expect(service.status).toBe(201);
    for (let n = 1; n <= 3; n++) {
      const grant = await call(first, sellerNo(n), 'POST', '/v1/authorizations', {
        linkCode: service.body.linkCode,
        grants: [{ serviceId: service.body.serviceId, scopes: { authorizedObject: 'SHOP' } }],
      });
      expect(grant.status).toBe(201);
    }
    const log = () => call(first, partner, 'GET', `/v1/webhooks/${hook.body.webhookId}/deliveries`);
    await eventually(
      async () => {
        const items = (await log()).body.items as { status: string; attempts: number }[];
        return items.length === 3 && items.every((d) => d.status === 'PENDING' && d.attempts >= 1);
      },
      { timeoutMs: 10_000 },
    );
    const pending = ((await log()).body.items as { deliveryId: string }[]).map((d) => d.deliveryId).sort();

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startServer(dataDir);
    running.push(second);
    receiver = await Receiver.start(() => 204, receiverPort);

    await eventually(() => new Set(receiver!.ids()).size === 3, { timeoutMs: 15_000 });
    expect([...new Set(receiver.ids())].sort()).toEqual(pending);
    for (const r of receiver.received) expect(new Webhook(hook.body.secret).verify(r.body, r.headers as Record<string, string>)).toEqual(r.json);
    expect(receiver.received.map((r) => r.json.type)).toEqual(['AUTHORIZATION_GRANTED', 'AUTHORIZATION_GRANTED', 'AUTHORIZATION_GRANTED']);
    await eventually(async () => {
      const items = (await call(second, partner, 'GET', `/v1/webhooks/${hook.body.webhookId}/deliveries`)).body.items as { status: string }[];
      return items.length === 3 && items.every((d) => d.status === 'DELIVERED');
    });
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);
});
