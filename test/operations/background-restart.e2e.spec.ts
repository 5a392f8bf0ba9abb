// A background start that fails (the projector, the webhook dispatcher, the cascade process) is
// tried again with a capped exponential back-off and jitter, logged with the attempt and the
// delay; after repeated failures the process gives up the background gate (production: releases
// the lease and exits non-zero, so that a standby takes over). No start path leaves an unhandled
// rejection. Faults are injected in the stores the app is given.
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CheckpointStore } from '#libs/operational';
import { ManualClock, testConfig } from '#libs/platform';
import type { ReadStore } from '#libs/read-models';
import { createApp } from '../../apps/api/src/app.js';
import type { BackgroundGate } from '../../libs/shell/src/infrastructure/background-gate.js';
import { keepTrying, retryDelay, type RetryPolicy } from '../../libs/shell/src/infrastructure/background-retry.js';
import { openEmbeddedStores } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { TEST_SECRET } from '../support/app.js';

const FAST: RetryPolicy = { firstDelayMs: 5, maxDelayMs: 20, giveUpAfter: 4 };

describe('the back-off', () => {
  const policy: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, giveUpAfter: 8 };

  it('doubles from the first delay up to the cap, each delay between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => retryDelay(policy, n, 0.999_999))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect([1, 2, 6].map((n) => retryDelay(policy, n, 0))).toEqual([500, 1_000, 15_000]);
  });

  describe('keepTrying', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('logs each failure with its attempt and the delay, and resolves true once the start succeeds', async () => {
      const log: string[] = [];
      let failures = 2;
      const started = keepTrying(
        async () => {
          if (failures-- > 0) throw new Error('connection refused');
        },
        {
          what: 'the projector',
          log: { warn: (m) => log.push(m), error: (m) => log.push(m) },
          policy,
          random: () => 0.5,
        },
      );
      await jest.advanceTimersByTimeAsync(750 + 1_500);
      expect(await started).toBe(true);
      expect(log.map((l) => l.replace(/: Error: connection refused[\s\S]*?;/, ': connection refused;'))).toEqual([
        'the projector failed to start (attempt 1): connection refused; retrying in 750 ms',
        'the projector failed to start (attempt 2): connection refused; retrying in 1500 ms',
      ]);
    });

    it('gives the gate up after giveUpAfter failures in a row, once', async () => {
      const gaveUp: string[] = [];
      const started = keepTrying(() => Promise.reject(new Error('no primary')), {
        what: 'the cascade process',
        log: { warn: () => undefined, error: () => undefined },
        policy,
        giveUp: (reason) => gaveUp.push(reason),
      });
      await jest.advanceTimersByTimeAsync(10 * 30_000);
      expect(await started).toBe(false);
      expect(gaveUp).toEqual(['the cascade process failed to start 8 times in a row']);
    });

    it('stops at once when aborted during a wait', async () => {
      const controller = new AbortController();
      let attempts = 0;
      const started = keepTrying(() => (attempts++, Promise.reject(new Error('down'))), {
        what: 'the webhook dispatcher',
        log: { warn: () => undefined, error: () => undefined },
        policy,
        signal: controller.signal,
      });
      await jest.advanceTimersByTimeAsync(0);
      controller.abort();
      expect(await started).toBe(false);
      expect(attempts).toBe(1);
    });
  });
});

/** The app on the embedded default, with the stores' faults decided by the test and the log captured. */
async function appWithFaults(options: { failing: (what: string) => boolean; gate?: BackgroundGate }) {
  const stores = openEmbeddedStores(undefined);
  const readStore: ReadStore = Object.assign(Object.create(stores.readStore) as ReadStore, {
    ensureCollections: (specs: Parameters<ReadStore['ensureCollections']>[0]) =>
      options.failing('projector') ? Promise.reject(new Error('read store unreachable')) : stores.readStore.ensureCollections(specs),
  });
  const checkpoints: CheckpointStore = {
    get: (name) => (options.failing(name) ? Promise.reject(new Error(`checkpoints unreachable (${name})`)) : stores.checkpoints.get(name)),
    set: (name, value) => stores.checkpoints.set(name, value),
  };
  let text = '';
  const logDestination = new Writable({ write: (chunk, _encoding, done) => ((text += chunk.toString()), done()) });
  const config = testConfig({ logLevel: 'error' });
  const app: NestFastifyApplication = await createApp({
    config,
    clock: new ManualClock('2026-03-01T10:00:00.000Z'),
    ...stores,
    readStore,
    checkpoints,
    jwtSecret: TEST_SECRET,
    backgroundRetry: FAST,
    logDestination,
    ...(options.gate && { gate: options.gate }),
  });
  const messages = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  return { app, stores, messages };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2_000 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(await condition()).toBe(true);
}

describe('a background start that fails', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });

  it('is retried with back-off until it runs: the projector, the webhook dispatcher and the cascade process all start, nothing unhandled', async () => {
    const failuresLeft = new Map([
      ['projector', 2],
      ['webhooks:dispatcher', 2],
      ['process:cascade', 2],
    ]);
    const failing = (what: string) => {
      const left = failuresLeft.get(what) ?? 0;
      failuresLeft.set(what, left - 1);
      return left > 0;
    };
    const { app, stores, messages } = await appWithFaults({ failing });
    try {
      await until(async () => (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode === 200);
      await until(() => messages().filter((m) => /failed to start/.test(m)).length === 6);
      const retries = messages().map((m) =>
        m
          .match(/^(the [a-z ]+) failed to start \(attempt (\d)\): [\s\S]*?; retrying in \d+ ms$/)
          ?.slice(1, 3)
          .join(' #'),
      );
      expect(retries.filter(Boolean).sort()).toEqual([
        'the cascade process #1',
        'the cascade process #2',
        'the projector #1',
        'the projector #2',
        'the webhook dispatcher #1',
        'the webhook dispatcher #2',
      ]);
      // Each started in the end: the checkpoints were read once more after the failures.
      await until(() => failuresLeft.get('webhooks:dispatcher')! < 0 && failuresLeft.get('process:cascade')! < 0);
      expect(unhandled).toEqual([]);
    } finally {
      await app.close();
      await stores.close();
    }
  });

  it('that keeps failing gives the background gate up (production: the lease is released and the process exits)', async () => {
    const gaveUp: string[] = [];
    const gate: BackgroundGate = { open: async () => undefined, close: async () => undefined, giveUp: (reason) => gaveUp.push(reason) };
    const { app, stores } = await appWithFaults({ failing: (what) => what === 'projector', gate });
    try {
      await until(() => gaveUp.length > 0);
      expect(gaveUp).toEqual(['the projector failed to start 4 times in a row']);
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503);
      expect(unhandled).toEqual([]);
    } finally {
      await app.close();
      await stores.close();
    }
  });
});
