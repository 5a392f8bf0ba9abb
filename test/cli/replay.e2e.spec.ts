// npm run replay: asks the running API for a blue/green replay over real HTTP and follows it to
// the switch, as a progress bar on a terminal and as plain lines otherwise.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JWT_SECRET_FILE } from '#libs/platform';
import { apiSecret, progressBar, progressLine, replay, type ReplayProgress } from '../../apps/cli/src/replay.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus } from '../e2e/helpers.js';

const halfway: ReplayProgress = {
  replayId: 'r-1',
  projections: ['authorizations'],
  status: 'RUNNING',
  eventsApplied: 45_000,
  eventsLeft: 55_000,
  eventsPerSecond: 9_800,
  secondsLeft: 6,
};

describe('the progress shown', () => {
  it('on a terminal: a bar with events/s, events left and time left', () => {
    expect(progressBar(halfway)).toBe(`[${'#'.repeat(14)}${'.'.repeat(16)}]  45%  45,000 events  9,800 events/s  55,000 left  ~6 s left`);
    expect(progressBar({ ...halfway, secondsLeft: 3_725 })).toContain('~1 h 2 min left');
    expect(progressBar({ ...halfway, eventsPerSecond: 0, secondsLeft: null })).toContain('~? left');
    expect(progressBar({ ...halfway, status: 'SWITCHED', eventsLeft: 0, secondsLeft: 0 })).toMatch(/^\[#{30}\] 100%/);
  });

  it('otherwise: a plain line', () => {
    expect(progressLine(halfway)).toBe('replay r-1: 45,000 events applied, 9,800 events/s, 55,000 left, about 6 s left');
  });
});

describe('npm run replay against a running API', () => {
  let api: TestApi;
  let url: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    api = await startApi();
    const published = await api
      .as(principals.partner)
      .post('/v1/services', { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true } });
    expectStatus(published, 201);
    const { linkCode, serviceId } = published.body;
    for (const sub of ['shop-1', 'shop-2', 'shop-3'])
      expectStatus(
        await api
          .as({ role: 'seller', sub, market: 'US_L2L' })
          .post('/v1/authorizations', { linkCode, grants: [{ serviceId, scopes: { authorizedObject: 'SHOP' } }] }),
        201,
      );
    await api.app.listen(0, '127.0.0.1');
    url = await api.app.getUrl();
  });
  afterAll(async () => {
    await api.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const run = async (projection: string, tty: boolean) => {
    let output = '';
    const result = await replay({ url, projection, token: () => api.token(principals.admin), write: (t) => (output += t), tty, pollMs: 10, lineEveryMs: 0 });
    return { result, output };
  };

  it('prints plain progress lines and ends switched', async () => {
    const { result, output } = await run('all', false);
    expect(result.status).toBe('SWITCHED');
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^replay \S+ of authorizations, services, .* started$/);
    expect(lines.slice(1, -1).every((l) => /^replay \S+: [\d,]+ events applied, [\d,]+ events\/s, [\d,]+ left, about .* left$/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^switched: the pages read the rebuilt authorizations, .* \(\d+ events in [\d.]+ s\)$/);
    expectStatus(await api.as(principals.partner).get('/v1/partner/sellers'), 200);
    expect((await api.as(principals.partner).get('/v1/partner/sellers')).body.total).toBe(3);
  });

  it('redraws one bar on a terminal', async () => {
    const { output } = await run('authorizations', true);
    expect(output).toContain('\r\x1b[2K[');
    expect(output).toMatch(/100% {2}\d+ events/);
    expect(output.trimEnd().split('\n').at(-1)).toMatch(/^switched: the pages read the rebuilt authorizations /);
  });

  it('says why the API refused', async () => {
    await expect(run('everything', false)).rejects.toThrow(/^the API refused the replay \(HTTP 400\): projection must be one of: all, authorizations/);
    await expect(replay({ url, projection: 'all', token: () => 'not-a-token', write: () => undefined, tty: false })).rejects.toThrow(/HTTP 401/);
  });

  it('signs with AUTH_JWT_SECRET, else the secret file under DATA_DIR, and never makes one up', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tsp-replay-cli-'));
    dirs.push(dataDir);
    expect(apiSecret({ jwtSecret: 'configured', dataDir })).toBe('configured');
    expect(() => apiSecret({ dataDir })).toThrow(/AUTH_JWT_SECRET is not set and there is no .*jwt-secret/);
    writeFileSync(join(dataDir, JWT_SECRET_FILE), 'kept-secret\n');
    expect(apiSecret({ dataDir })).toBe('kept-secret');
  });
});
