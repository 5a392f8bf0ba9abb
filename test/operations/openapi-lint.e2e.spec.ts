// The served OpenAPI document (/docs-json) is clean on Redocly's recommended ruleset and on
// Spectral's spectral:oas: 0 errors (the warnings Redocly leaves are explained in redocly.yaml,
// Spectral leaves none). Both run as their CLIs on the document the app serves; every finding
// names its operation (METHOD /path), so a route added without a summary says which.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type TestApi } from '../support/app.js';

const REDOCLY = 'node_modules/@redocly/cli/bin/cli.js';
const SPECTRAL = 'node_modules/@stoplight/spectral-cli/dist/index.js';
/** The warnings redocly.yaml explains. */
const EXPLAINED_REDOCLY_WARNINGS = ['info-license', 'no-server-example.com', 'operation-4xx-response'];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

type Document = {
  paths: Record<string, Record<string, { summary?: string; description?: string; tags?: string[] }>>;
  tags?: { name: string; description?: string }[];
};

/** `#/paths/~1v1~1services/post/...` or ['paths', '/v1/services', 'post', ...] -> `POST /v1/services` (or the pointer itself). */
function where(path: string[]): string {
  if (path[0] === 'paths' && path[1] && path[2] && METHODS.includes(path[2]))
    return `${path[2].toUpperCase()} ${path[1]}${path.length > 3 ? ` (${path.slice(3).join('/')})` : ''}`;
  return `#/${path.join('/')}`;
}
const fromPointer = (pointer: string) =>
  pointer
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

describe('the served OpenAPI document, linted', () => {
  let api: TestApi;
  let dir: string;
  let file: string;
  let document: Document;

  beforeAll(async () => {
    api = await startApi();
    const served = await api.as(null).get('/docs-json');
    expect(served.status).toBe(200);
    document = served.body;
    dir = mkdtempSync(join(tmpdir(), 'tsp-openapi-lint-'));
    file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
  });
  afterAll(async () => {
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives every operation a summary and a description, and declares every tag with a description', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths))
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        if (!op.summary?.trim()) missing.push(`${method.toUpperCase()} ${path}: no summary (apps/api/src/openapi/operations.ts)`);
        if (!op.description?.trim()) missing.push(`${method.toUpperCase()} ${path}: no description (apps/api/src/openapi/operations.ts)`);
      }
    const used = new Set(Object.values(document.paths).flatMap((item) => METHODS.flatMap((m) => item[m]?.tags ?? [])));
    for (const tag of used) if (!document.tags?.find((t) => t.name === tag)?.description) missing.push(`tag ${tag}: not declared with a description (TAGS)`);
    expect(missing).toEqual([]);
  });

  it('documents the 415 the server answers to a body that is not JSON, on every operation that takes a body', async () => {
    const answered = await api.as({ role: 'partner', sub: 'partner-1' }).raw('POST', '/v1/services', '<service/>', { 'content-type': 'application/xml' });
    expect(answered.status).toBe(415);
    const withBody = Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => (item[m] as { requestBody?: unknown } | undefined)?.requestBody).map((m) => ({
        op: `${m.toUpperCase()} ${path}`,
        responses: (item[m] as unknown as { responses: object }).responses,
      })),
    );
    expect(withBody.length).toBeGreaterThan(10);
    expect(withBody.filter((o) => !('415' in o.responses)).map((o) => o.op)).toEqual([]);
  });

  it('has 0 errors on Redocly (recommended), and only the warnings redocly.yaml explains', () => {
    const run = spawnSync(process.execPath, [REDOCLY, 'lint', file, '--config', 'redocly.yaml', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    const report = JSON.parse(run.stdout) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    const describe = (p: (typeof report.problems)[number]) => `${where(fromPointer(p.location[0]?.pointer ?? ''))}: ${p.ruleId}: ${p.message}`;
    expect(report.problems.filter((p) => p.severity === 'error').map(describe)).toEqual([]);
    expect(report.problems.filter((p) => p.severity !== 'error' && !EXPLAINED_REDOCLY_WARNINGS.includes(p.ruleId)).map(describe)).toEqual([]);
  });

  it('has 0 errors and 0 warnings on Spectral (spectral:oas)', () => {
    const run = spawnSync(process.execPath, [SPECTRAL, 'lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet'], { encoding: 'utf8' });
    const results = JSON.parse(run.stdout || '[]') as { code: string; severity: number; message: string; path: string[] }[];
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 0, stderr: '' });
    expect(results.filter((r) => r.severity <= 1).map((r) => `${where(r.path)}: ${r.code} (${r.severity === 0 ? 'error' : 'warning'}): ${r.message}`)).toEqual(
      [],
    );
  });
});
