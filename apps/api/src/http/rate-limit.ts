// A rate limit per principal: RATE_LIMIT_PER_MINUTE requests a minute for each principal (role:sub
// of its verified token) across every route, or for each client address when the request has no
// valid token, so that a flood of bad tokens is limited too. It runs before authentication and
// reads the token itself (fast-jwt caches the verification: the second one costs nothing). Over
// the limit: 429 problem+json with Retry-After. Health, metrics and docs are not limited.
//
// Why not @nestjs/throttler's ThrottlerGuard: its latest release (6.7.1) is CommonJS and
// require()s @nestjs/common 12, which is ESM only. Node 20.19+ runs that, but Jest's module
// runtime cannot before Node 24.9, so no in-process test could load the app. The storage below
// implements the library's ThrottlerStorage interface, so the switch back is a few lines.
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config, Principal } from '#libs/platform';
import { CONFIG, problem, ProblemError, PUBLIC_ROUTE, TOKEN_VERIFIER } from '#libs/shell';
import { bearerTokenOf } from '../auth/bearer.js';
import { SlidingWindowStorage } from './sliding-window-storage.js';

export const RATE_LIMIT_WINDOW_MS = 60_000;

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly storage = new SlidingWindowStorage();
  private readonly limit: number;

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: (token: string) => Principal,
    @Inject(CONFIG) config: Config,
  ) {
    this.limit = config.rateLimitPerMinute;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const hit = await this.storage.increment(
      this.trackerOf(http.getRequest<FastifyRequest>()),
      RATE_LIMIT_WINDOW_MS,
      this.limit,
      RATE_LIMIT_WINDOW_MS,
      'default',
    );
    const reply = http.getResponse<FastifyReply>();
    void reply.header('X-RateLimit-Limit', String(this.limit));
    void reply.header('X-RateLimit-Remaining', String(Math.max(0, this.limit - hit.totalHits)));
    void reply.header('X-RateLimit-Reset', String(hit.timeToExpire));
    if (hit.isBlocked) {
      const seconds = Math.max(1, hit.timeToBlockExpire);
      throw new ProblemError(problem(429, 'RATE.LIMITED', `more than ${this.limit} requests a minute: come back in ${seconds} s`), {
        'Retry-After': String(seconds),
      });
    }
    return true;
  }

  /** Whose budget a request spends: its principal's, or its address's when it has no valid token. */
  trackerOf(request: FastifyRequest): string {
    if (request.principal) return `${request.principal.role}:${request.principal.sub}`;
    const token = bearerTokenOf(request.headers.authorization);
    if (token) {
      try {
        // Kept on the request: the auth guard that runs next does not verify it again.
        const principal = (request.principal = this.verify(token));
        return `${principal.role}:${principal.sub}`;
      } catch {
        // Not a valid token: counted against the address it came from.
      }
    }
    return `ip:${request.ip}`;
  }
}
