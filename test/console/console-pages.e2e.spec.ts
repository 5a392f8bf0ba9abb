// GET /console: the built console is served without a token, under a strict CSP, its assets
// cached for good; without a build, a 503 that says to run `npm run build`; nothing outside
// dist/console is ever served.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { CONSOLE_CSP, serveConsole } from '../../apps/api/src/console/console-pages.js';
import { startApi, type TestApi } from '../support/app.js';

describe('the console pages', () => {
  let root: string;
  let built: FastifyInstance;
  let missing: FastifyInstance;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'console-pages-'));
    const dir = join(root, 'console');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/console/assets/app-1.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'not for you');
    built = Fastify();
    serveConsole(built, dir);
    missing = Fastify();
    serveConsole(missing, join(root, 'nothing-here'));
  });
  afterAll(async () => {
    await built?.close();
    await missing?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page at /console and /console/, no-cache, with a self-only CSP', async () => {
    for (const url of ['/console', '/console/']) {
      const page = await built.inject({ url });
      expect([url, page.statusCode, page.headers['content-type']]).toEqual([url, 200, 'text/html; charset=utf-8']);
      expect(page.body).toContain('<title>console</title>');
      expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('serves hashed assets as immutable, with their media type', async () => {
    const asset = await built.inject({ url: '/console/assets/app-1.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('answers 404 problem+json for an unknown file and for any path that leaves dist/console', async () => {
    for (const url of ['/console/assets/nope.js', '/console/../secret.txt', '/console/%2e%2e/secret.txt', '/console/..%2fsecret.txt']) {
      const answer = await built.inject({ url });
      expect([url, answer.body.includes('not for you')]).toEqual([url, false]);
      if (answer.statusCode !== 404) expect([url, answer.statusCode]).toEqual([url, 400]);
    }
    const unknown = await built.inject({ url: '/console/assets/nope.js' });
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 503 problem+json saying to run npm run build when the console is not built', async () => {
    const answer = await missing.inject({ url: '/console' });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.json()).toMatchObject({ status: 503, title: 'Service Unavailable', detail: expect.stringContaining('npm run build') });
  });
});

describe('/console in the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('needs no token (built or not, never a 401) and is documented in /docs-json', async () => {
    const page = await api.as(null).get('/console');
    expect([200, 503]).toContain(page.status);
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    const document = (await api.as(null).get('/docs-json')).body;
    expect(document.paths['/console'].get.responses).toHaveProperty('200');
    expect(document.paths['/console'].get.security ?? []).toEqual([]);
  });
});
