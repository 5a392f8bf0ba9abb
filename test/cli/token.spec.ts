// npm run token finds the secret as the API does (AUTH_JWT_SECRET, else DATA_DIR/jwt-secret),
// says where on stderr (never the secret), and refuses, with the reason, a secret no API would
// accept: too short, missing with the production stores, or none at all (it never makes one up).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JWT_SECRET_FILE, SystemClock, tokenVerifier } from '#libs/platform';
import { ensureBuilt } from '../hardening/support/child-server.js';

const SECRET = 'a-secret-of-at-least-32-bytes-for-hs256!';

describe('npm run token', () => {
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'tsp-token-cli-'));
    dirs.push(d);
    return d;
  };
  const token = (env: Record<string, string>, args = ['--role', 'partner', '--sub', 'partner-1']) => {
    const all: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const name of ['AUTH_JWT_SECRET', 'EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) if (!(name in env)) delete all[name];
    return spawnSync(process.execPath, ['apps/cli/run.mjs', 'token', '--', ...args], { env: all, encoding: 'utf8' });
  };

  beforeAll(() => ensureBuilt(), 120_000);
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('signs with the secret the API created under DATA_DIR, says so on stderr, and the token lives an hour', () => {
    const dataDir = dir();
    writeFileSync(join(dataDir, JWT_SECRET_FILE), `${SECRET}\n`);
    const run = token({ DATA_DIR: dataDir });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`token: using secret from DATA_DIR=${dataDir} (jwt-secret)`);
    expect(run.stderr).not.toContain(SECRET);
    const verify = tokenVerifier(SECRET, new SystemClock(), 0);
    expect(verify(run.stdout.trim())).toMatchObject({ role: 'partner', sub: 'partner-1' });
    const { exp, iat } = JSON.parse(Buffer.from(run.stdout.trim().split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(exp - iat).toBe(3600);
  });

  it('prefers AUTH_JWT_SECRET, as the API does', () => {
    const run = token({ DATA_DIR: dir(), AUTH_JWT_SECRET: SECRET });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('token: using secret from AUTH_JWT_SECRET');
  });

  it('refuses to make a secret up when the API has none there yet, saying where it looked', () => {
    const dataDir = dir();
    const run = token({ DATA_DIR: dataDir });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`AUTH_JWT_SECRET is not set and there is no ${join(dataDir, JWT_SECRET_FILE)}: the API creates that file at its first start`);
  });

  it.each([
    ['a secret shorter than 32 bytes', { AUTH_JWT_SECRET: 'short' }, /AUTH_JWT_SECRET: at least 32 bytes/],
    [
      'the production stores without AUTH_JWT_SECRET',
      { EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', MONGODB_URL: 'mongodb://localhost:27017' },
      /AUTH_JWT_SECRET: required with EVENTSTORE_URL and MONGODB_URL/,
    ],
  ])('refuses to mint with %s, as the API would refuse to start', (_what, env, reason) => {
    const run = token({ DATA_DIR: dir(), ...env });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^token: refusing to mint: the API would not start with this configuration/);
    expect(run.stderr).toMatch(reason);
  });
});
