// The OpenAPI document cannot drift from the contract or the code: every route of API.md is in
// /docs-json, and every answer of an end-to-end run that calls each of them validates (ajv) against
// the schema the document gives for its status and media type, as does each request body the
// service accepted. View schemas are closed (additionalProperties: false), so a field an answer
// has and the document lacks fails here too.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { startApi, type TestApi } from '../support/app.js';
import { contractRun, type Recorded, recording } from './support/contract-run.js';
import { ensureConsoleBuilt } from '../console/support/build.js';

const API_MD = fileURLToPath(new URL('../../docs/API.md', import.meta.url));
const PINNED = fileURLToPath(new URL('./contract-routes.txt', import.meta.url));
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Content = Record<string, { schema?: object }>;
type Operation = { responses: Record<string, { content?: Content }>; requestBody?: { content: Content }; security?: unknown[] };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, any>; securitySchemes?: Record<string, any> } };

/** Every route this build serves and documents; the test below checks it against the contract. */
function contractRoutes(): string[] {
  return readFileSync(PINNED, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));
}

/** `METHOD /path` of every route of API.md: the route tables, and the Operations paragraph. */
function routesOfApiMd(): string[] {
  const text = readFileSync(API_MD, 'utf8');
  const routes = new Set<string>();
  for (const [, method, path] of text.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE) ([^`\s]+)` \|/gm)) routes.add(`${method} ${path!.split('?')[0]}`);
  const operations = text.slice(text.indexOf('### Operations'), text.indexOf('## Shapes'));
  for (const [, method, path] of operations.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]*)`/g)) routes.add(`${method} ${path}`);
  return [...routes];
}

/** The document's path template an actual URL was answered by: the one with the most literal segments. */
function templateOf(document: Document, url: string): string | undefined {
  const segments = url.split('?')[0]!.split('/');
  let best: { path: string; literals: number } | undefined;
  for (const path of Object.keys(document.paths)) {
    const template = path.split('/');
    if (template.length !== segments.length) continue;
    let literals = 0;
    const fits = template.every((t, i) => (/^\{.+\}$/.test(t) ? segments[i] !== '' : t === segments[i] && ++literals > 0));
    if (fits && (!best || literals > best.literals)) best = { path, literals };
  }
  return best?.path;
}

it('pins the routes of the contract (docs/API.md)', () => {
  expect(contractRoutes().sort()).toEqual(routesOfApiMd().sort());
});

describe('the OpenAPI document (/docs-json)', () => {
  let api: TestApi;
  let document: Document;
  let answers: Recorded[];

  beforeAll(async () => {
    api = await startApi({ config: { webhookAllowHttp: true, webhookAllowPrivate: true, minPositionWaitMs: 50 } });
    const recorder = recording(api);
    await contractRun(api, recorder.as);
    const served = await recorder.as(null).get('/docs-json');
    expect(served.status).toBe(200);
    expect((await recorder.as(null).get('/docs')).status).toBe(200);
    ensureConsoleBuilt();
    expect((await recorder.as(null).get('/console')).status).toBe(200);
    answers = recorder.answers;
    document = served.body;
  });
  afterAll(() => api?.close());

  it('documents every route of API.md', () => {
    const routes = contractRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(40);
    const documented = new Set(Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('puts every /v1 route behind the bearer scheme, and health, metrics and docs outside it', () => {
    expect(document.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, ops] of Object.entries(document.paths))
      for (const method of METHODS) {
        const op = ops[method];
        if (!op) continue;
        expect([`${method} ${path}`, op.security ?? []]).toEqual([`${method} ${path}`, path.startsWith('/v1/') ? [{ bearer: [] }] : []]);
        if (path.startsWith('/v1/'))
          for (const status of ['401', '403', '429']) expect([path, method, status, op.responses[status]]).toEqual([path, method, status, expect.anything()]);
      }
  });

  it('closes every object schema and carries the DTOs rules (enums, lengths, ranges)', () => {
    const { schemas } = document.components;
    for (const [name, schema] of Object.entries(schemas)) if (schema.properties) expect([name, schema.additionalProperties]).toEqual([name, false]);
    expect(schemas.PublishServiceDto.properties.name).toMatchObject({ minLength: 1, maxLength: 120 });
    expect(schemas.PublishServiceDto.properties.markets).toMatchObject({
      minItems: 1,
      maxItems: 5,
      items: { enum: ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'] },
    });
    expect(schemas.GrantAuthorizationsDto.properties.grants).toMatchObject({ minItems: 1, maxItems: 50 });
    expect(schemas.AuthorizationView.properties.status.enum).toEqual(['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED']);
    expect(schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail']));
    // A body of optional fields only may be left out; one with a required field may not.
    expect((document.paths['/v1/authorizations/{authorizationId}/cancel']!.post as { requestBody?: { required?: boolean } }).requestBody?.required).toBe(false);
    expect((document.paths['/v1/services']!.post as { requestBody?: { required?: boolean } }).requestBody?.required).toBe(true);
  });

  it('validates every answer of an end-to-end run against the schema of its route, status and media type', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'openapi', components: document.components });
    const compiled = new Map<object, ValidateFunction>();
    const validatorOf = (schema: object) => {
      if (!compiled.has(schema)) compiled.set(schema, ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'))));
      return compiled.get(schema)!;
    };
    const failures: string[] = [];
    const answered = new Set<string>();
    for (const a of answers) {
      const path = templateOf(document, a.url);
      const operation = path && document.paths[path]![a.method.toLowerCase()];
      const where = `${a.method} ${a.url} -> ${a.status}`;
      if (!operation) {
        failures.push(`${where}: no operation in the document`);
        continue;
      }
      const response = operation.responses[String(a.status)];
      if (!response) {
        failures.push(`${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
        continue;
      }
      const mediaType = a.contentType.split(';')[0]!.trim();
      const content = response.content?.[mediaType];
      if (!content) {
        failures.push(`${where}: ${mediaType} not documented (documented: ${Object.keys(response.content ?? {}).join(', ')})`);
        continue;
      }
      if (/json/.test(mediaType)) {
        const validate = validatorOf(content.schema ?? {});
        if (!validate(JSON.parse(a.text)))
          failures.push(`${where}: ${validate.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`).join('; ')}`);
      }
      if (a.status >= 300) continue;
      answered.add(`${a.method} ${path}`);
      // A request the service accepted must be one the document allows, too.
      const request = operation.requestBody?.content['application/json']?.schema;
      if (a.sent !== undefined && request) {
        const validate = validatorOf(request);
        if (!validate(JSON.parse(a.sent))) failures.push(`${where}: request body: ${validate.errors!.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
    // Each route of the contract answered with success at least once, so each success schema was exercised.
    expect(contractRoutes().filter((r) => !answered.has(r))).toEqual([]);
    expect(new Set(answers.filter((a) => a.status >= 400).map((a) => a.status))).toEqual(new Set([400, 401, 403, 404, 409, 412, 413, 422, 503]));
  });
});
