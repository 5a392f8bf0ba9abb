import type { RequestContext } from '../http/request-context.js';
import type { RunContext } from '#libs/shell';

export const runContextOf = (ctx: RequestContext): RunContext => ({
  actor: { role: ctx.principal.role, sub: ctx.principal.sub },
  correlationId: ctx.correlationId,
  now: ctx.now,
  ...(ctx.idempotencyKey !== undefined && { idempotencyKey: ctx.idempotencyKey }),
});

/**
 * One of several commands a request runs (a bulk renewal request: one per authorization): its
 * own key, so that two of them on one stream are told apart.
 */
export const partOf = (run: RunContext, part: string): RunContext =>
  run.idempotencyKey === undefined ? run : { ...run, idempotencyKey: `${run.idempotencyKey}/${part}` };
