// How the routes document their answers: the success view with the headers it carries, and every
// problem+json the route can give. Kept in one place so that the statuses of API.md's error table
// read the same on every operation of /docs-json.
import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

export class FieldErrorView {
  @ApiProperty({ description: 'the field, by its path (`grants[0].scopes.sellerCenterRoles`), or the header' })
  field!: string;

  @ApiProperty()
  message!: string;
}

/** application/problem+json, the one error shape of API.md. */
export class Problem {
  @ApiProperty({ description: 'a URN naming the problem, such as urn:problem:AUTHORIZATION.NOT_FOUND' })
  type!: string;

  @ApiProperty({ description: "the status's reason phrase" })
  title!: string;

  @ApiProperty({ minimum: 400, maximum: 599 })
  status!: number;

  @ApiProperty()
  detail!: string;

  @ApiProperty({ description: 'the machine-readable code of `type`, such as AUTHORIZATION.NOT_FOUND' })
  code!: string;

  @ApiPropertyOptional({ type: [FieldErrorView], description: 'for 400 and 422: each field at fault' })
  errors?: FieldErrorView[];
}

export const PROBLEM_WHEN: Record<number, string> = {
  400: 'malformed JSON, unknown or missing fields, wrong types, values out of range (errors[] names each field)',
  401: 'no token, bad signature, expired token',
  403: 'the role or the principal may not do this',
  404: 'unknown service, authorization, proposal, webhook or link code (also for ids the caller may not see)',
  409: 'the state does not allow it',
  412: 'the If-Match revision does not match the current one',
  413: 'body larger than the limit',
  415: 'a body that is not application/json',
  422: 'a business rule forbids the content, or an Idempotency-Key reused with another body',
  429: 'too many requests from one principal; Retry-After says when to come back',
  503: 'X-Min-Position was not reached in time; Retry-After',
};

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } } };

/** Each status as a problem+json answer of the route (or of every route of a controller). */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ApiExtraModels(Problem, FieldErrorView),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_WHEN[status] ?? 'see the problem',
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(Problem) } } },
        ...((status === 429 || status === 503) && { headers: RETRY_AFTER }),
      }),
    ),
  );

/** Every route that needs a token: 401 without one, 403 for a role it is not for, 429 over the rate limit. */
export const ApiAuthenticated = () => ApiProblems(401, 403, 429);

const POSITION_HEADER = {
  'X-Event-Position': {
    description: "the position of the command's last event in the global log (also `position` in the body)",
    schema: { type: 'string', pattern: '^\\d+$' },
  },
};
const ETAG_HEADER = { ETag: { description: 'the revision of the authorization, quoted: send it back as If-Match', schema: { type: 'string' } } };

const IDEMPOTENCY_KEY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description:
    'the same key and body answer the first answer again and append nothing; another body, path or method is 422; a malformed key (not 1..255 visible ASCII characters, or sent twice) is 400',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
});
const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'the `revision` the client acted on, quoted ("3")', schema: { type: 'string' } });
const MIN_POSITION = ApiHeader({
  name: 'X-Min-Position',
  required: false,
  description: 'answer only once the read model has applied this position (waits at most MIN_POSITION_WAIT_MS, then 503)',
  schema: { type: 'string', pattern: '^\\d{1,30}$' },
});

export interface AnswerOptions {
  /** Problems besides 401/403/429 (documented on the controller). */
  problems?: number[];
  /** The answer carries the authorization's ETag; If-Match is accepted. */
  etag?: boolean;
  description?: string;
}

/**
 * Problems every command can give, whatever it does: a malformed or unexpected body or
 * Idempotency-Key (400), an Idempotency-Key still being answered by another process (409) or
 * reused with another body (422), a body over the limit (413), a body that is not JSON (415).
 */
const COMMAND_PROBLEMS = [400, 409, 413, 415, 422];

/** A command: its answer with `position` (and X-Event-Position), Idempotency-Key, its problems. */
export const ApiCommand = (status: 200 | 201, type: Type<unknown>, options: AnswerOptions = {}) =>
  applyDecorators(
    ApiResponse({ status, type, description: options.description ?? 'done', headers: { ...POSITION_HEADER, ...(options.etag && ETAG_HEADER) } }),
    IDEMPOTENCY_KEY,
    ...(options.etag ? [IF_MATCH] : []),
    ApiProblems(...new Set([...COMMAND_PROBLEMS, ...(options.problems ?? []), ...(options.etag ? [412] : [])])),
  );

/** A query: its view and its problems. */
export const ApiRead = (type: Type<unknown>, options: AnswerOptions = {}) =>
  applyDecorators(
    ApiResponse({ status: 200, type, description: options.description ?? 'the view', ...(options.etag && { headers: ETAG_HEADER }) }),
    ApiProblems(...(options.problems ?? [])),
  );

/** A query on a read model: X-Min-Position, and 503 when it is not reached in time. */
export const ApiPage = (type: Type<unknown>, options: AnswerOptions = {}) =>
  applyDecorators(ApiRead(type, { ...options, problems: [400, ...(options.problems ?? []), 503] }), MIN_POSITION);

/** The Seller management page: JSON, or every matching row as CSV with `Accept: text/csv`. */
export const ApiPageOrCsv = (type: Type<unknown>) =>
  applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status: 200,
      description: 'the page as JSON, or with `Accept: text/csv` every matching row, unpaged, with a header line',
      content: { 'application/json': { schema: { $ref: getSchemaPath(type) } }, 'text/csv': { schema: { type: 'string' } } },
    }),
    ApiProblems(400, 503),
    MIN_POSITION,
  );
