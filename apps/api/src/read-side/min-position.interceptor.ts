// X-Min-Position: a query answers only once its read model has applied that position; it waits
// at most MIN_POSITION_WAIT_MS, then 503 with Retry-After.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import type { Config } from '#libs/platform';
import { badRequest, CONFIG, problem, ProblemError, READ_PROGRESS, type ReadProgress } from '#libs/shell';

@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(
    @Inject(READ_PROGRESS) private readonly progress: ReadProgress,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers['x-min-position'];
    if (header === undefined) return next.handle();
    if (typeof header !== 'string' || !/^\d{1,30}$/.test(header))
      throw badRequest('X-Min-Position must be a position as a decimal string', [{ field: 'X-Min-Position', message: 'expected a decimal string' }]);
    return from(this.progress.waitFor(BigInt(header), this.config.minPositionWaitMs)).pipe(
      switchMap((reached) => {
        if (!reached)
          throw new ProblemError(problem(503, 'READ_MODEL.BEHIND', `the read model has not reached position ${header} yet`), { 'Retry-After': '1' });
        return next.handle();
      }),
    );
  }
}
