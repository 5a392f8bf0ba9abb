// The CLIs and `npm start` run the compiled dist/ directly: apps/cli/run.mjs compiles only when
// dist/ is missing or a source is newer than the last build, so a second call compiles nothing.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';

const launch = (...args: string[]) =>
  spawnSync(process.execPath, ['apps/cli/run.mjs', ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

describe('apps/cli/run.mjs', () => {
  it('builds at most once: when nothing changed, --if-stale (prestart) compiles nothing and says nothing', () => {
    expect(launch('--if-stale').status).toBe(0); // builds only if this tree is not built yet
    const again = launch('--if-stale');
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 0, stderr: '' });
  }, 120_000);

  it('refuses an unknown program with its usage', () => {
    const run = launch('nope');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: node apps\/cli\/run\.mjs <token\|replay\|export\|import\|openapi-types>/);
  });
});
