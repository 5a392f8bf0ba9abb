// application/problem+json, the one error shape of API.md.
import { DomainError, type DomainErrorKind, type FieldError } from '#libs/domain';
import { ConcurrencyExhaustedError } from '#libs/event-store';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  NotFound: 404,
  Forbidden: 403,
  Conflict: 409,
  Rule: 422,
  Precondition: 412,
};

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, code: string, detail: string, errors?: FieldError[]): Problem {
  const p: Problem = { type: `urn:problem:${code}`, title: TITLES[status] ?? 'Error', status, detail, code };
  if (errors?.length) p.errors = errors;
  return p;
}

/** An error the shell raises with its problem already decided (validation, auth, headers). */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail);
    this.name = 'ProblemError';
  }
}

export const badRequest = (detail: string, errors: FieldError[] = []) => new ProblemError(problem(400, 'REQUEST.INVALID', detail, errors));
export const unauthorized = (detail: string) => new ProblemError(problem(401, 'AUTH.UNAUTHORIZED', detail), { 'WWW-Authenticate': 'Bearer' });
export const forbiddenRole = (detail: string) => new ProblemError(problem(403, 'AUTH.ROLE_FORBIDDEN', detail));

export function domainProblem(error: DomainError): Problem {
  return problem(STATUS_OF_KIND[error.kind], error.code, error.message, error.errors);
}

export function concurrencyProblem(error: ConcurrencyExhaustedError): Problem {
  return problem(409, 'CONCURRENCY.CONFLICT', `${error.message}: try again`);
}
