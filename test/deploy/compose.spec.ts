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
    const services = checked.stdout
      .split('\n')
      .filter((line) => /^ {2}[a-z]+:$/.test(line))
      .map((line) => line.trim().slice(0, -1));
    expect(services.sort()).toEqual(['api', 'eventstore', 'mongo', 'projector']);
    expect(checked.stdout.match(/healthcheck:/g)).toHaveLength(4);
    expect(checked.stdout).toContain('--replSet');
  });

  it('refuses to start without a shared AUTH_JWT_SECRET', () => {
    const { AUTH_JWT_SECRET: _unset, ...withoutSecret } = env;
    expect(spawnSync('docker-compose', ['config'], { encoding: 'utf8', env: withoutSecret }).status).not.toBe(0);
  });
});

/** The services of docker-compose.yml with their top-level settings as text (the file's own two-space layout). */
function composeServices(): Map<string, string> {
  const lines = readFileSync('docker-compose.yml', 'utf8').split('\n');
  const services = new Map<string, string>();
  let section = '';
  let current: string | undefined;
  for (const line of lines) {
    const top = line.match(/^([a-z]+):/);
    if (top) section = top[1]!;
    const service = section === 'services' ? line.match(/^ {2}([a-z]+):$/) : null;
    if (service) services.set((current = service[1]!), '');
    else if (section === 'services' && current && line.startsWith('    ')) services.set(current, `${services.get(current)}${line}\n`);
  }
  return services;
}

describe('docker-compose.yml, read as a file (no engine needed)', () => {
  it('restarts every service when it exits (a projector that lost its lease exits to come back as a standby)', () => {
    const services = composeServices();
    expect([...services.keys()].sort()).toEqual(['api', 'eventstore', 'mongo', 'projector']);
    for (const [name, settings] of services)
      expect([name, settings]).toEqual([name, expect.stringMatching(/^ {4}restart: (unless-stopped|on-failure|always)$/m)]);
  });

  it('names the replica set member mongo:27017, so the host connects with directConnection=true, as the hints say', () => {
    const mongo = composeServices().get('mongo')!;
    expect(mongo).toContain("host: 'mongo:27017'");
    const hints = [readFileSync('README.md', 'utf8'), readFileSync('test/integration/report-skipped.mjs', 'utf8')].join('\n');
    const urls = hints.match(/mongodb:\/\/localhost:27017[^'"\s)`]*/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/[?&]directConnection=true/);
    // and each names its database: without one the driver would silently use `test` (refused at start)
    for (const url of urls) expect(new URL(url).pathname.length).toBeGreaterThan(1);
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
