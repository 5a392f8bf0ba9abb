// What a command needs from the request besides its body: who, when, which correlation, and the
// revision the client expects (If-Match).
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '#libs/platform';
import { badRequest, type RunContext, unauthorized } from '#libs/shell';

/** A command's context (who, when, If-Match, Idempotency-Key), as the request gives it; `now` is when it arrived. */
export interface RequestContext extends RunContext {
  principal: Principal;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    correlationId: string;
    receivedAt: string;
    idempotencyKey?: string;
  }
}

export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? header.join(',') : header.trim();
  if (raw === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(raw);
  if (!match) throw badRequest('If-Match must be a revision such as "3"', [{ field: 'If-Match', message: 'expected "<revision>"' }]);
  return Number(match[1]);
}

export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  if (!request.principal) throw unauthorized('a bearer token is required');
  const context: RequestContext = { principal: request.principal, correlationId: request.correlationId, now: request.receivedAt };
  const ifMatch = parseIfMatch(request.headers['if-match']);
  if (ifMatch !== undefined) context.ifMatch = ifMatch;
  if (request.idempotencyKey !== undefined) context.idempotencyKey = request.idempotencyKey;
  return context;
});
