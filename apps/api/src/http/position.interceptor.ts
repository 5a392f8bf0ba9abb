// Every command answers with the position of its last event, in the body (a decimal string) and
// in the X-Event-Position header.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

@Injectable()
export class PositionHeaderInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (body && typeof body === 'object' && 'position' in body) {
          const reply = context.switchToHttp().getResponse<FastifyReply>();
          void reply.header('X-Event-Position', String((body as { position: unknown }).position));
        }
        return body;
      }),
    );
  }
}
