// `npm run soak` runs only on the production stores: without the URLs (or the secret it signs
// its tokens with) it says what to set and exits 2; its options are checked the same way.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { soakOptions } from '../../bench/soak.js';
import { ensureBuilt } from '../hardening/support/child-server.js';

const urls = {
  EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
  MONGODB_URL: 'mongodb://localhost:27017/tsp_soak?directConnection=true',
  AUTH_JWT_SECRET: 'x'.repeat(40),
};

describe('npm run soak', () => {
  it('needs both URLs and the secret', () => {
    expect(soakOptions([], {})).toEqual({ error: expect.stringMatching(/^npm run soak needs the production stores: set EVENTSTORE_URL and MONGODB_URL/) });
    expect(soakOptions([], { EVENTSTORE_URL: urls.EVENTSTORE_URL })).toHaveProperty('error');
    expect(soakOptions([], { ...urls, AUTH_JWT_SECRET: '' })).toEqual({ error: expect.stringMatching(/AUTH_JWT_SECRET/) });
  });

  it('runs an hour at 8 concurrent requests unless told, and refuses a bad duration', () => {
    expect(soakOptions([], urls)).toEqual({ minutes: 60, concurrency: 8 });
    expect(soakOptions(['--minutes', '5', '--concurrency', '2'], urls)).toEqual({ minutes: 5, concurrency: 2 });
    expect(soakOptions(['--minutes', 'soon'], urls)).toHaveProperty('error');
    expect(soakOptions(['--concurrency', '0'], urls)).toHaveProperty('error');
  });

  it('exits 2 with one clear line when the URLs are not set', () => {
    ensureBuilt();
    const run = spawnSync(process.execPath, ['dist/bench/soak.js'], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^soak: npm run soak needs the production stores/)]);
  });
});
