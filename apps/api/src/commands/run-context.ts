import type { RequestContext } from '../http/request-context.js';
import type { RunContext } from './command-runner.js';

export const runContextOf = (ctx: RequestContext): RunContext => ({
  actor: { role: ctx.principal.role, sub: ctx.principal.sub },
  correlationId: ctx.correlationId,
  now: ctx.now,
});
