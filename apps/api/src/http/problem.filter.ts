// Every error leaves as problem+json: domain refusals, validation, auth, Fastify's own errors
// (malformed JSON, body too large, unknown media type) and Nest's (unknown route).
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '#libs/domain';
import { ConcurrencyExhaustedError } from '#libs/event-store';
import { concurrencyProblem, domainProblem, type Problem, problem, ProblemError } from '#libs/shell';

function fastifyProblem(error: { statusCode?: number; code?: string; message?: string }): Problem | undefined {
  const status = error.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'REQUEST.BODY_TOO_LARGE', 'the body is larger than the limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'REQUEST.MEDIA_TYPE', 'send bodies as application/json in UTF-8');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, 'REQUEST.MALFORMED_JSON', 'the body is not valid JSON');
    default:
      return problem(status, 'REQUEST.INVALID', error.message ?? 'the request is invalid');
  }
}

/** Nest turns Fastify's own errors into HttpExceptions; recover which one it was. */
function httpCode(status: number, message: string): string | undefined {
  if (status === 413) return 'FST_ERR_CTP_BODY_TOO_LARGE';
  if (status === 415) return 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
  if (status === 400 && /JSON/i.test(message)) return 'FST_ERR_CTP_INVALID_JSON_BODY';
  return undefined;
}

export function toProblem(exception: unknown): { problem: Problem; headers: Record<string, string> } {
  if (exception instanceof ProblemError) return { problem: exception.problem, headers: exception.headers };
  if (exception instanceof DomainError) return { problem: domainProblem(exception), headers: {} };
  if (exception instanceof ConcurrencyExhaustedError) return { problem: concurrencyProblem(exception), headers: {} };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const fromFastify = fastifyProblem({ statusCode: status, code: httpCode(status, exception.message), message: exception.message });
    if (status === 404) return { problem: problem(404, 'ROUTE.NOT_FOUND', 'no such route'), headers: {} };
    return { problem: fromFastify ?? problem(status, status === 429 ? 'RATE.LIMITED' : 'HTTP.ERROR', exception.message), headers: {} };
  }
  const fromFastify = fastifyProblem(exception as { statusCode?: number });
  if (fromFastify) return { problem: fromFastify, headers: {} };
  return { problem: problem(500, 'INTERNAL', 'an unexpected error occurred'), headers: {} };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { problem: body, headers } = toProblem(exception);
    if (body.status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    void reply.status(body.status).headers(headers).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(body));
  }
}
