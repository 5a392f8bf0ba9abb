// The OpenAPI document of every route, served at /docs (Swagger UI) and /docs-json. Built on the
// first request rather than at start: most apps (tests, replicas) are never asked for it.
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Config } from '#libs/platform';
import { CONFIG } from '#libs/shell';
import { OPERATION_TEXTS, TAGS } from './operations.js';
import { FieldErrorView, Problem } from './responses.js';

const DESCRIPTION = [
  'The TikTok Shop Partner service authorization workflow: partners publish services, sellers authorize them, both manage the',
  'authorizations, partners check access before acting. Every error is application/problem+json (the `Problem` schema).',
  'Every command answers with `position` and X-Event-Position; send it back as X-Min-Position to read your own writes.',
  'Send X-Correlation-Id to name a request (letters, digits and `. _ : -`, up to 128): it is answered back, logged and put',
  'into the metadata of every event the request appends; without one the service makes one.',
].join(' ');

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const { publicBaseUrl } = app.get<Config>(CONFIG, { strict: false });
  const config = new DocumentBuilder()
    .setTitle('TSP authorization')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer(publicBaseUrl, 'this API (PUBLIC_BASE_URL)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256; claims sub, role, market (sellers), exp' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [Problem, FieldErrorView],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return described(defaultsInWords(wholeNumbers(optionalBodies(closeObjectSchemas(withDocsRoutes(document))))));
}

/**
 * An optional field's default said in its description rather than as `default`: generators
 * (openapi-typescript's defaultNonNullable, on by default) make a property with a `default`
 * required, so a client would have to send `autoRenew` or `validityDays` that the API defaults.
 */
function defaultsInWords(document: OpenAPIObject): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {}) as {
    properties?: Record<string, { default?: unknown; description?: string }>;
    required?: string[];
  }[])
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.default === undefined || schema.required?.includes(name)) continue;
      const words = `default: ${JSON.stringify(property.default)}`;
      property.description =
        property.description && !property.description.includes('default') ? `${property.description} (${words})` : (property.description ?? words);
      delete property.default;
    }
  return document;
}

/**
 * Every number of this API is a whole number (days, pages, counts, revisions, statuses; positions
 * are decimal strings; every numeric input is @IsInt), but `@ApiProperty()` on a TypeScript
 * `number` says `type: number`: say `integer`, so that clients generate integers. The contract
 * test validates real answers against it, so a fraction answered one day would fail there.
 */
function wholeNumbers(document: OpenAPIObject): OpenAPIObject {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const schema = node as { type?: unknown };
      if (schema.type === 'number') schema.type = 'integer';
      Object.values(node).forEach(visit);
    }
  };
  visit(document.paths);
  visit(document.components);
  return document;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Each operation's summary and description from the contract's words (operations.ts; a handler's
 * own @ApiOperation wins), `security: []` on those that need no token (so that no generator or
 * linter takes a missing one for "inherits"), and every tag declared with its description.
 */
function described(document: OpenAPIObject): OpenAPIObject {
  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths))
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const text = OPERATION_TEXTS[`${method.toUpperCase()} ${path}`];
      if (text) {
        operation.summary ??= text.summary;
        operation.description ??= text.description;
      }
      if (!operation.security?.length) operation.security = [];
      for (const tag of operation.tags ?? []) used.add(tag);
    }
  document.tags = [...used].sort().map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
  return document;
}

/** A body whose every field is optional may be left out (the validation pipe reads none as `{}`). */
function optionalBodies(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  for (const operations of Object.values(document.paths))
    for (const operation of Object.values(operations) as { requestBody?: { required?: boolean; content?: Record<string, { schema?: { $ref?: string } }> } }[]) {
      const ref = operation?.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? (schemas[ref.split('/').pop()!] as { required?: string[] } | undefined) : undefined;
      if (schema && !schema.required?.length) operation.requestBody!.required = false;
    }
  return document;
}

/** The document's own routes are plain Fastify routes (not Nest's): described here by hand. */
function withDocsRoutes(document: OpenAPIObject): OpenAPIObject {
  const page = (summary: string, operationId: string, mediaType: string, schema: object) => ({
    get: { tags: ['operations'], summary, operationId, responses: { 200: { description: summary, content: { [mediaType]: { schema } } } } },
  });
  document.paths['/docs'] = page('the OpenAPI UI (Swagger UI)', 'Docs_ui', 'text/html', { type: 'string' });
  document.paths['/docs-json'] = page('this OpenAPI document', 'Docs_json', 'application/json', {
    type: 'object',
    required: ['openapi', 'paths'],
    properties: { openapi: { type: 'string' }, paths: { type: 'object' } },
  });
  const consolePage = page('the web console (sign in with /console#token=<JWT>)', 'Console_page', 'text/html', { type: 'string' });
  const notBuilt = {
    description: 'the console is not built: run npm run build',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  document.paths['/console'] = { get: { ...consolePage.get, responses: { ...consolePage.get.responses, 503: notBuilt } } };
  return document;
}

/**
 * Requests refuse unknown fields (400) and answers carry only what their view names, so every
 * object schema says so: a field added to an answer without its documentation fails the contract
 * test instead of drifting silently. Schemas that allow more say it themselves (an event's data).
 */
export function closeObjectSchemas(document: OpenAPIObject): OpenAPIObject {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    if ('properties' in schema && schema.additionalProperties === undefined) schema.additionalProperties = false;
  }
  return document;
}

export function setupOpenApi(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup('docs', app, () => (document ??= buildOpenApiDocument(app)), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
