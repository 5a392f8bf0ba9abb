// While the read models catch up at start, /health/ready's 503 is expected: it is logged at info,
// without an error and its stack; one info line says when they caught up, at which position and
// after how long. (Its own file: the first application of a file sets the process's log destination.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, expect, it } from '@jest/globals';
import type { EventStore } from '#libs/event-store';
import { ManualClock, testConfig } from '#libs/platform';
import { createApp } from '../../apps/api/src/app.js';
import { openEmbeddedStores } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { principals, startApi, TEST_SECRET } from '../support/app.js';

const SERVICE = { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'] } };
const dataDir = mkdtempSync(join(tmpdir(), 'tsp-readiness-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('logs the 503s of /health/ready while catching up at info without a stack, then "read models caught up" with position and duration', async () => {
  let text = '';
  const logDestination = new Writable({ write: (chunk, _encoding, done) => ((text += chunk.toString()), done()) });
  const lines = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
  const first = await startApi({ dataDir, config: { logLevel: 'debug' }, logDestination });
  for (let i = 0; i < 3; i++) expect((await first.as(principals.partner).post('/v1/services', SERVICE)).status).toBe(201);
  await first.close();
  text = '';

  // Restarted on the same log, with the projections' catch-up held back until the test lets it go.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const stores = openEmbeddedStores(dataDir);
  const held: EventStore = Object.assign(Object.create(stores.eventStore) as EventStore, {
    subscribe: (options: Parameters<EventStore['subscribe']>[0]) =>
      stores.eventStore.subscribe({ ...options, onEvents: async (batch) => (await gate, options.onEvents(batch)) }),
  });
  const app = await createApp({
    config: testConfig({ logLevel: 'debug' }),
    clock: new ManualClock(),
    ...stores,
    eventStore: held,
    jwtSecret: TEST_SECRET,
    logDestination,
  });
  try {
    expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503);
    release();
    for (let i = 0; i < 200 && (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode !== 200; i++) await new Promise((r) => setTimeout(r, 10));
    const notReady = lines().filter((l) => l.req?.url === '/health/ready' && l.res?.statusCode === 503);
    expect(notReady.length).toBeGreaterThan(0);
    for (const line of notReady) {
      expect(line.level).toBe('info');
      expect(line.err).toBeUndefined();
    }
    expect(lines().filter((l) => l.level === 'error')).toEqual([]);
    const caughtUp = lines().filter((l) => /^read models caught up/.test(l.msg));
    expect(caughtUp).toHaveLength(1);
    expect(caughtUp[0]).toMatchObject({ level: 'info', msg: expect.stringMatching(/^read models caught up at position 3 in \d+ ms$/) });
  } finally {
    await app.close();
    await stores.close();
  }
});
