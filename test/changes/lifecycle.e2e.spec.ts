// The life of change streams on the server: one subscription to the log for all of them, a cap per
// principal, a client that does not read is cut (memory stays bounded), and open streams end when
// the app closes, when the HTTP drain starts, and on SIGTERM (graceful shutdown exits 0).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { authorizationIdOf, streams } from '#libs/domain';
import type { EventStore } from '#libs/event-store';
import { SystemClock, tokenSigner } from '#libs/platform';
import { ChangeFeed } from '../../apps/api/src/changes/change-feed.js';
import { ConnectionDrain } from '../../libs/shell/src/operations/connection-drain.js';
import { ensureBuilt, freePort, SERVER_ENTRY } from '../hardening/support/child-server.js';
import { startApi } from '../support/app.js';
import { listen, openChanges } from './support/sse-client.js';
import { AUDITOR, P1, S1 } from './support/tenants.js';

const eventually = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
};

describe('change streams on the server', () => {
  it('share one subscription to the log, however many streams are open', async () => {
    let subscriptions = 0;
    const counting = (store: EventStore): EventStore =>
      new Proxy(store, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key !== 'subscribe') return typeof value === 'function' ? value.bind(target) : value;
          return (...args: Parameters<EventStore['subscribe']>) => {
            subscriptions++;
            return target.subscribe(...args);
          };
        },
      });
    const api = await startApi({ wrapEventStore: counting });
    try {
      const base = await listen(api.app);
      const before = subscriptions;
      const opened = await Promise.all([P1, S1, AUDITOR, P1, AUDITOR].map((p) => openChanges(base, api.token(p))));
      expect(opened.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
      expect(subscriptions - before).toBe(1);
      expect(api.app.get(ChangeFeed).openStreams).toBe(5);
      opened.forEach((s) => s.close());
      await eventually(() => api.app.get(ChangeFeed).openStreams === 0);
    } finally {
      await api.close();
    }
  });

  it('keeps a quiet stream open past the idle-connection deadline of the server (its comments come at least twice as often)', async () => {
    const api = await startApi({ config: { connectionTimeoutMs: 1_000, changesKeepAliveMs: 15_000 } });
    try {
      const base = await listen(api.app);
      const stream = await openChanges(base, api.token(P1));
      expect(stream.status).toBe(200);
      let ended = false;
      void stream.ended.then(() => (ended = true));
      await new Promise((r) => setTimeout(r, 2_500));
      expect(ended).toBe(false);
      expect(stream.comments.length).toBeGreaterThanOrEqual(2);
      stream.close();
    } finally {
      await api.close();
    }
  });

  it('caps the streams one principal holds open (429 with Retry-After), and frees a place when one closes', async () => {
    const api = await startApi({ config: { changesStreamsPerPrincipal: 2 } });
    try {
      const base = await listen(api.app);
      const [a, b] = await Promise.all([openChanges(base, api.token(P1)), openChanges(base, api.token(P1))]);
      const third = await openChanges(base, api.token(P1));
      await third.ended;
      expect([a!.status, b!.status, third.status]).toEqual([200, 200, 429]);
      expect(third.headers['retry-after']).toBeDefined();
      expect((await openChanges(base, api.token(S1))).status).toBe(200);
      a!.close();
      await eventually(() => api.app.get(ChangeFeed).openStreams === 2);
      expect((await openChanges(base, api.token(P1))).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('ends a stream whose catch-up cannot read the log, so that its client resumes elsewhere', async () => {
    let failReads = false;
    const failing = (store: EventStore): EventStore =>
      new Proxy(store, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key === 'readAll')
            return (...args: Parameters<EventStore['readAll']>) => (failReads ? Promise.reject(new Error('the log is unreachable')) : target.readAll(...args));
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const api = await startApi({ wrapEventStore: failing });
    try {
      await api.as(P1).post('/v1/services', { name: 'Ads', visibility: 'PUBLIC', markets: ['EU'], requestedScopes: { dataCompass: true } });
      const base = await listen(api.app);
      failReads = true;
      const s = await openChanges(base, api.token(AUDITOR), { query: 'after=0' });
      expect(s.status).toBe(200);
      await s.ended;
      expect(s.events).toEqual([]);
      await eventually(() => api.app.get(ChangeFeed).openStreams === 0);
    } finally {
      failReads = false;
      await api.close();
    }
  });

  it('answers HEAD with the headers and leaves no stream open', async () => {
    const api = await startApi();
    try {
      const base = await listen(api.app);
      const head = await fetch(`${base}/v1/changes`, { method: 'HEAD', headers: { authorization: `Bearer ${api.token(P1)}` } });
      expect([head.status, head.headers.get('content-type')]).toEqual([200, 'text/event-stream; charset=utf-8']);
      expect(api.app.get(ChangeFeed).openStreams).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('cuts a client that does not read instead of buffering for it', async () => {
    const api = await startApi({ config: { changesKeepAliveMs: 50, changesBufferEvents: 50 } });
    try {
      // Events with ids as long as they may be, so that the socket's buffers fill with few of them.
      const long = (c: string) => c.repeat(120);
      const [partnerId, sellerId] = [long('p'), long('s')];
      for (let i = 0; i < 12; i++) {
        const batch = Array.from({ length: 1_000 }, (_, n) => {
          const serviceId = `${long('v')}${i}-${n}`;
          return {
            eventId: randomUUID(),
            type: 'AuthorizationRenewalRequested',
            data: {
              authorizationId: authorizationIdOf({ partnerId, sellerId, serviceId }),
              partnerId,
              sellerId,
              serviceId,
              requestedAt: '2026-03-01T10:00:00.000Z',
            },
            metadata: {
              actor: { role: 'partner', sub: partnerId },
              correlationId: randomUUID(),
              causationId: null,
              occurredAt: '2026-03-01T10:00:00.000Z',
              schemaVersion: 1,
            },
          };
        });
        await api.store.append(streams.binding(partnerId, sellerId), batch, 'any');
      }
      const base = await listen(api.app);
      const reader = await openChanges(base, api.token(AUDITOR), { query: 'after=0' });
      reader.pause();
      expect(reader.status).toBe(200);
      await eventually(() => api.app.get(ChangeFeed).openStreams === 0);
      reader.resume();
      await reader.ended;
      // It got less than the log holds: the rest is for its reconnect.
      expect(reader.events.length).toBeLessThan(12_000);
    } finally {
      await api.close();
    }
  });

  it('ends a stream when its token expires, and the token then opens none', async () => {
    const api = await startApi({ config: { changesKeepAliveMs: 20 } });
    try {
      const base = await listen(api.app);
      const token = api.token(P1, 60);
      const s = await openChanges(base, token);
      expect(s.status).toBe(200);
      await s.until((x) => x.comments.filter((c) => c === 'keep-alive').length >= 2);
      expect(api.app.get(ChangeFeed).openStreams).toBe(1);
      api.clock.advance((60 + api.config.jwtClockSkewSeconds) * 1_000);
      await s.ended;
      const again = await openChanges(base, token);
      await again.ended;
      expect(again.status).toBe(401);
    } finally {
      await api.close();
    }
  });

  it('ends open streams when the app closes', async () => {
    const api = await startApi();
    const base = await listen(api.app);
    const s = await openChanges(base, api.token(P1));
    expect(s.status).toBe(200);
    await api.close();
    await s.ended;
    expect(api.app.get(ChangeFeed).openStreams).toBe(0);
  });

  it('ends open streams when the HTTP drain of a graceful shutdown starts, so that the drain completes', async () => {
    const api = await startApi();
    try {
      const base = await listen(api.app);
      const s = await openChanges(base, api.token(AUDITOR), { query: 'after=0' });
      expect(s.status).toBe(200);
      await ConnectionDrain.of(api.app.getHttpAdapter().getInstance() as FastifyInstance)!.drain();
      await s.ended;
      // A request that still reaches the instance is told to go elsewhere.
      const late = await api.as(P1).get('/v1/changes');
      expect([late.status, late.headers['retry-after'], late.body.code]).toEqual([503, '1', 'CHANGES.SHUTTING_DOWN']);
    } finally {
      await api.close();
    }
  });

  it('lets the served API exit 0 on SIGTERM with streams open', async () => {
    ensureBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'tsp-changes-'));
    const secret = randomBytes(48).toString('base64url');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) delete env[name];
    Object.assign(env, {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: secret,
      LOG_LEVEL: 'silent',
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    const child = spawn(process.execPath, [SERVER_ENTRY], { env, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      while (
        !(await fetch(`${base}/health/ready`).then(
          (r) => r.status === 200,
          () => false,
        ))
      )
        await new Promise((r) => setTimeout(r, 50));
      const sign = tokenSigner(secret, new SystemClock());
      const opened = await Promise.all([P1, AUDITOR].map((p) => openChanges(base, sign(p, 600))));
      expect(opened.map((s) => s.status)).toEqual([200, 200]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await Promise.all(opened.map((s) => s.ended));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
