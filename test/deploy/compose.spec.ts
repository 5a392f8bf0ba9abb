// The deployment files: docker-compose.yml validates (with Debian's docker-compose, which checks a
// file without an engine) and starts what the README promises, each with a health check.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';

const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
const env = { ...process.env, AUTH_JWT_SECRET: 'compose-check-secret-0123456789abcdef' };

(hasCompose ? describe : describe.skip)('docker-compose.yml (skipped when docker-compose is not installed)', () => {
  it('validates, and starts EventStoreDB, a MongoDB replica set, the API and the projector, each with a health check', () => {
    const checked = spawnSync('docker-compose', ['config'], { encoding: 'utf8', env });
    expect(checked.stderr).toBe('');
    expect(checked.status).toBe(0);
    const services = checked.stdout.split('\n').filter((line) => /^ {2}[a-z]+:$/.test(line)).map((line) => line.trim().slice(0, -1));
    expect(services.sort()).toEqual(['api', 'eventstore', 'mongo', 'projector']);
    expect(checked.stdout.match(/healthcheck:/g)).toHaveLength(4);
    expect(checked.stdout).toContain('--replSet');
  });

  it('refuses to start without a shared AUTH_JWT_SECRET', () => {
    const { AUTH_JWT_SECRET: _unset, ...withoutSecret } = env;
    expect(spawnSync('docker-compose', ['config'], { encoding: 'utf8', env: withoutSecret }).status).not.toBe(0);
  });
});

describe('Dockerfile', () => {
  it('builds in stages and runs as a non-root user with production dependencies only', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
  });
});
