// Health with terminus: /health/live always answers; /health/ready is 503 until the read models
// have caught up with the log as it stood at start, and whenever a store does not answer, and
// reports each projection's lag in events and seconds either way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '#libs/event-store';
import { ManualClock, testConfig } from '#libs/platform';
import { createApp } from '../../apps/api/src/app.js';
import { openEmbeddedStores } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { principals, startApi, TEST_SECRET, type TestApi } from '../support/app.js';

const PROJECTIONS = ['authorizations', 'services', 'proposals', 'authorization-deadlines', 'proposal-deadlines', 'webhooks'];
const SERVICE = { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'] } };

describe('GET /health/ready at start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tsp-health-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is 503 while the read models catch up, with each projection behind, then 200', async () => {
    const first = await startApi({ dataDir });
    for (let i = 0; i < 3; i++) expect((await first.as(principals.partner).post('/v1/services', SERVICE)).status).toBe(201);
    await first.close();

    // Restarted on the same log, with the projections' catch-up held back until the test lets it go.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const stores = openEmbeddedStores(dataDir);
    const held: EventStore = Object.assign(Object.create(stores.eventStore) as EventStore, {
      subscribe: (options: Parameters<EventStore['subscribe']>[0]) =>
        stores.eventStore.subscribe({ ...options, onEvents: async (batch) => (await gate, options.onEvents(batch)) }),
    });
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    const app = await createApp({ config: testConfig(), clock, ...stores, eventStore: held, jwtSecret: TEST_SECRET });
    try {
      clock.advance(12_000);
      const behind = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(behind.statusCode).toBe(503);
      const body = behind.json();
      expect(body).toMatchObject({ status: 'error', head: '3', details: { eventStore: { status: 'up', headPosition: '3' }, readStore: { status: 'up' } } });
      for (const name of PROJECTIONS)
        expect(body.details[`projection:${name}`]).toEqual({
          status: 'down',
          checkpoint: '0',
          lagEvents: 3,
          lagSeconds: 12,
          message: expect.stringMatching(/catching up/),
        });
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);

      release();
      let ready = behind;
      for (let i = 0; i < 200 && ready.statusCode !== 200; i++) {
        await new Promise((r) => setTimeout(r, 10));
        ready = await app.inject({ method: 'GET', url: '/health/ready' });
      }
      expect(ready.statusCode).toBe(200);
      for (const name of PROJECTIONS)
        expect(ready.json().details[`projection:${name}`]).toEqual({ status: 'up', checkpoint: '3', lagEvents: 0, lagSeconds: 0 });
    } finally {
      await app.close();
      await stores.close();
    }
  });
});

describe('GET /health/ready when a store does not answer', () => {
  let api: TestApi;
  let mode: 'ok' | 'failing' | 'hanging' = 'ok';

  beforeAll(async () => {
    // The log as seen by the app: its head read fails or never answers when the test says so.
    api = await startApi({
      wrapEventStore: (store) =>
        Object.assign(Object.create(store) as EventStore, {
          headPosition: () =>
            mode === 'ok' ? store.headPosition() : mode === 'failing' ? Promise.reject(new Error('the disk is gone')) : new Promise<bigint>(() => undefined),
        }),
    });
  });
  afterAll(async () => {
    mode = 'ok';
    await api?.close();
  });

  it('answers 200 with every indicator up while the stores answer', async () => {
    const ready = await api.as(null).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.headers['cache-control']).toMatch(/no-cache/);
    expect(ready.body).toMatchObject({ status: 'ok', error: {}, details: { eventStore: { status: 'up' }, readStore: { status: 'up' } } });
  });

  it('answers 503 naming the event store when it fails, and stays live', async () => {
    mode = 'failing';
    const ready = await api.as(null).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { eventStore: { status: 'down', message: 'the disk is gone' } } });
    expect((await api.as(null).get('/health/live')).status).toBe(200);
  });

  it('answers 503 within the probe timeout when the event store hangs', async () => {
    mode = 'hanging';
    const started = Date.now();
    const ready = await api.as(null).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(ready.body.error.eventStore).toMatchObject({ status: 'down' });
    expect(ready.body.error['projection:services']).toMatchObject({ status: 'down', message: expect.stringMatching(/did not answer/) });
    mode = 'ok';
    expect((await api.as(null).get('/health/ready')).status).toBe(200);
  });
});
