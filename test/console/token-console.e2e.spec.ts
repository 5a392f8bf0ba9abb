// `npm run token -- … --console` prints the console's sign-in URL on the server's public address,
// with a token that the server accepts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ensureBuilt, SERVER_ENTRY } from '../hardening/support/child-server.js';
import { SystemClock, tokenVerifier } from '#libs/platform';

const TOKEN_CLI = SERVER_ENTRY.replace('apps/api/src/main.js', 'apps/cli/src/token.js');
const SECRET = 'console-token-test-secret-long-enough-for-hs256-0123456789';

describe('npm run token -- --console', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'token-console-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  ensureBuilt();
  const run = (args: string[], env: Record<string, string>) => {
    const clean = { ...process.env };
    for (const name of ['PUBLIC_BASE_URL', 'PORT', 'NODE_OPTIONS']) delete clean[name];
    return execFileSync(process.execPath, [TOKEN_CLI, ...args], {
      env: { ...clean, DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET, ...env },
      encoding: 'utf8',
    }).trim();
  };

  it('prints http://localhost:<PORT>/console#token=<JWT> by default', () => {
    const line = run(['--role', 'partner', '--sub', 'partner-1', '--console'], { PORT: '3456' });
    const match = /^http:\/\/localhost:3456\/console#token=([A-Za-z0-9_\-.]+)$/.exec(line);
    expect(match).not.toBeNull();
    expect(tokenVerifier(SECRET, new SystemClock(), 0)(match![1]!)).toMatchObject({ role: 'partner', sub: 'partner-1' });
  });

  it('uses PUBLIC_BASE_URL when it is set, and prints the bare token without --console', () => {
    expect(run(['--role', 'auditor', '--sub', 'a-1', '--console'], { PUBLIC_BASE_URL: 'https://tsp.example.com/' })).toMatch(
      /^https:\/\/tsp\.example\.com\/console#token=ey/,
    );
    expect(run(['--role', 'auditor', '--sub', 'a-1'], {})).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
