// Configuration is checked at start: each bad value is named on its own line, and the server exits
// with status 2 before serving anything.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '#libs/platform';
import { ensureBuilt, SERVER_ENTRY } from '../hardening/support/child-server.js';

const BAD = {
  PORT: '80a',
  AUTH_JWT_SECRET: 'short',
  AUTH_CLOCK_SKEW_SECONDS: '301',
  PUBLIC_BASE_URL: 'ftp://example.com',
  BODY_LIMIT_BYTES: '12',
  MIN_POSITION_WAIT_MS: '-1',
  RATE_LIMIT_PER_MINUTE: '0',
  PROCESS_INTERVAL_MS: 'soon',
  WEBHOOK_ALLOW_HTTP: 'yes',
  WEBHOOK_RETRY_SCHEDULE_MS: '1000,never',
  WEBHOOK_CONCURRENCY: '0',
  WEBHOOK_SECRETS_KEY: 'short',
  LOG_LEVEL: 'loud',
  SHUTDOWN_TIMEOUT_MS: '5',
  SEA_TSP_ACCESS_LAUNCH: 'next spring',
  CLOCK_OFFSET_MS: '1.5',
};

describe('configuration', () => {
  it('is valid with nothing set', () => {
    const { config, errors } = loadConfig({});
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ port: 3000, logLevel: 'info', shutdownTimeoutMs: 10_000, bodyLimitBytes: 1_048_576 });
  });

  it('names each bad value on its own line', () => {
    const { errors } = loadConfig(BAD);
    expect(errors).toHaveLength(Object.keys(BAD).length);
    for (const name of Object.keys(BAD)) expect([name, errors.filter((line) => line.startsWith(name)).length]).toEqual([name, 1]);
    for (const line of errors) expect(line).not.toContain('\n');
  });

  it('refuses kurrentdb:// URLs, which the EventStoreDB client cannot parse, saying what to write instead', async () => {
    const { EventStoreDBClient } = await import('@eventstore/db-client');
    for (const url of ['kurrentdb://localhost:2113?tls=false', 'kurrentdb+discover://a:2113,b:2113', 'kurrent://localhost:2113']) {
      expect(() => EventStoreDBClient.connectionString(url)).toThrow();
      const { errors } = loadConfig({ EVENTSTORE_URL: url, MONGODB_URL: 'mongodb://localhost/tsp', AUTH_JWT_SECRET: 'x'.repeat(32) });
      expect(errors).toEqual([expect.stringMatching(/^EVENTSTORE_URL: kurrentdb:\/\/ URLs are not read .* esdb:\/\//)]);
    }
    for (const url of ['esdb://localhost:2113?tls=false', 'esdb+discover://a:2113,b:2113']) {
      expect(() => EventStoreDBClient.connectionString(url)).not.toThrow();
      expect(loadConfig({ EVENTSTORE_URL: url, MONGODB_URL: 'mongodb://localhost/tsp', AUTH_JWT_SECRET: 'x'.repeat(32) }).errors).toEqual([]);
    }
  });

  it('takes good values', () => {
    const { config, errors } = loadConfig({
      PORT: '8080',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_MS: '2500',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_RETRY_SCHEDULE_MS: '10, 20',
    });
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ port: 8080, logLevel: 'warn', shutdownTimeoutMs: 2_500, webhookAllowHttp: true, webhookRetryScheduleMs: [10, 20] });
  });

  it('WEBHOOK_SECRET_OVERLAP_HOURS: 24 by default, 0..720', () => {
    expect(loadConfig({}).config.webhookSecretOverlapHours).toBe(24);
    expect(loadConfig({ WEBHOOK_SECRET_OVERLAP_HOURS: '0' }).config.webhookSecretOverlapHours).toBe(0);
    for (const bad of ['-1', '721', '1.5', 'a day'])
      expect(loadConfig({ WEBHOOK_SECRET_OVERLAP_HOURS: bad }).errors).toEqual([expect.stringMatching(/^WEBHOOK_SECRET_OVERLAP_HOURS=/)]);
  });

  it('the test-only crash fault (TEST_CRASH_AFTER_APPEND_KEYS) is refused unless NODE_ENV=test, and off when unset', () => {
    expect(loadConfig({}).config.crashAfterAppendKeys).toEqual([]);
    for (const NODE_ENV of [undefined, 'production', 'development'])
      expect(loadConfig({ TEST_CRASH_AFTER_APPEND_KEYS: 'k1', ...(NODE_ENV && { NODE_ENV }) }).errors).toEqual([
        expect.stringMatching(/^TEST_CRASH_AFTER_APPEND_KEYS: .*refused unless NODE_ENV=test/),
      ]);
    const { config, errors } = loadConfig({ TEST_CRASH_AFTER_APPEND_KEYS: 'k1,k2', NODE_ENV: 'test' });
    expect([errors, config.crashAfterAppendKeys]).toEqual([[], ['k1', 'k2']]);
  });

  it('stops the server with status 2 and one line per bad value on stderr, before it serves', () => {
    ensureBuilt();
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: 'eighty', LOG_LEVEL: 'loud', EVENTSTORE_URL: 'esdb://localhost:2113' };
    const run = spawnSync(process.execPath, [SERVER_ENTRY], { env, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'config: PORT="eighty": expected a whole number from 0 to 65535',
      'config: EVENTSTORE_URL and MONGODB_URL go together: set both (production) or neither (the embedded default)',
      'config: LOG_LEVEL="loud": expected fatal, error, warn, info, debug, trace or silent',
    ]);
  });
});
