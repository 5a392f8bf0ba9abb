// Idempotency-Key on every command (POST, PUT, PATCH, DELETE under /v1): the first request with a
// key runs and its answer is stored with the key; a retry with the same key and the same request
// gets that answer again (Idempotent-Replayed: true) and appends nothing; the same key with
// another request is 422. Concurrent requests with one key: in this process the second waits for
// the first (a lock per key); across processes the store's claim decides, and a request that finds
// the key still in progress waits a little, then answers 409 with Retry-After.
//
// This store is the fast path. A process that dies after a command's append and before its answer
// is kept leaves a claim that lapses; the retry then runs the command again, and the event log
// answers it: the request's command key (request-key.ts) goes with the command into the metadata
// of its events, and the ids it creates are derived from it, so the retry finds the first run's
// events and answers from them (command-handler.ts) instead of acting twice.
import { randomUUID } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import type { IdempotencyStore, IdempotentAnswer } from '#libs/operational';
import type { Clock, Config } from '#libs/platform';
import {
  CLOCK,
  CONFIG,
  CrashAfterAppend,
  IDEMPOTENCY_STORE,
  IDEMPOTENCY_TIMINGS,
  problem,
  type Problem,
  ProblemError,
  SECRET_SEALER,
  type SecretSealer,
} from '#libs/shell';
import { toProblem } from '../http/problem.filter.js';
import { KeyedLock } from './keyed-lock.js';
import { commandKeyOf, fingerprintOf, idempotencyKeyOf, scopeOf } from './request-key.js';

const COMMAND_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The headers of an answer that a replay must carry again. */
const KEPT_HEADERS = ['etag', 'location', 'x-event-position', 'retry-after', 'www-authenticate'];
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/**
 * A field of an answer kept only sealed (the webhook secrets' AES-GCM, bound to the principal and
 * the key): a webhook's signing secret is never at rest in the clear, and a replay still answers
 * it, the same secret as the first answer.
 */
const SEALED = 'secret';

export interface IdempotencyTimings {
  /** How long a claim holds if its process dies before answering (then a retry runs again). */
  leaseMs: number;
  /** How long a request waits for another process's request with the same key. */
  waitMs: number;
  pollMs: number;
}

export const DEFAULT_IDEMPOTENCY_TIMINGS: IdempotencyTimings = { leaseMs: 30_000, waitMs: 5_000, pollMs: 20 };

interface Attempt {
  scope: string;
  key: string;
  fingerprint: string;
  reply: FastifyReply;
  next: CallHandler;
}

/**
 * Which refusals are the command's answer, kept like a success: those of the domain (403, 404,
 * 409, 412, 422). Not kept: a malformed request (400: the command never ran, the client may fix
 * it and send it again with the same key), a conflict that asks to try again, and 5xx.
 */
export function isKeptRefusal(p: Problem): boolean {
  return p.status > 400 && p.status < 500 && p.status !== 429 && p.code !== 'CONCURRENCY.CONFLICT';
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly owner = randomUUID();
  private readonly locks = new KeyedLock();
  private readonly ttlMs: number;
  private readonly timings: IdempotencyTimings;

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) config: Config,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Optional() @Inject(IDEMPOTENCY_TIMINGS) timings?: Partial<IdempotencyTimings>,
    @Optional() private readonly crash?: CrashAfterAppend,
  ) {
    this.ttlMs = config.idempotencyTtlHours * 3_600_000;
    this.timings = { ...DEFAULT_IDEMPOTENCY_TIMINGS, ...timings };
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!COMMAND_METHODS.has(request.method) || !request.url.startsWith('/v1/')) return next.handle();
    const key = idempotencyKeyOf(request.headers['idempotency-key']);
    if (key === undefined || !request.principal) return next.handle();
    const attempt: Attempt = {
      scope: scopeOf(request.principal),
      key,
      fingerprint: fingerprintOf(request.method, request.url, request.body),
      reply: context.switchToHttp().getResponse<FastifyReply>(),
      next,
    };
    // The command reads it from its RequestContext (request-context.ts).
    request.idempotencyKey = commandKeyOf(attempt.scope, key, attempt.fingerprint);
    this.crash?.arm(key, request.idempotencyKey);
    return defer(() => this.locks.run(`${attempt.scope}\n${key}`, () => this.once(attempt)));
  }

  private async once(attempt: Attempt): Promise<unknown> {
    const { scope, key, fingerprint } = attempt;
    const waitUntil = Date.now() + this.timings.waitMs;
    for (;;) {
      const now = this.clock.now();
      const held = await this.store.claim({
        scope,
        key,
        fingerprint,
        owner: this.owner,
        now,
        lockedUntil: new Date(now.getTime() + this.timings.leaseMs),
        expiresAt: new Date(now.getTime() + this.ttlMs),
      });
      if (!held) return this.run(attempt);
      if (held.fingerprint !== fingerprint)
        throw new ProblemError(
          problem(422, 'IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was used with another request: send a new key for a new request', [
            { field: 'Idempotency-Key', message: 'already used with another method, path or body' },
          ]),
        );
      if (held.state === 'DONE') return this.replay(held.answer, attempt);
      if (Date.now() >= waitUntil)
        throw new ProblemError(problem(409, 'IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still being answered: try again'), {
          'Retry-After': '1',
        });
      await new Promise((resolve) => setTimeout(resolve, this.timings.pollMs));
    }
  }

  /** The first request with the key: run it, keep its answer (or give the key up), then answer. */
  private async run({ scope, key, reply, next }: Attempt): Promise<unknown> {
    let value: unknown;
    try {
      value = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const { problem: refusal, headers } = toProblem(error);
      if (isKeptRefusal(refusal)) await this.keep(scope, key, { status: refusal.status, headers: lower(headers), body: JSON.stringify(refusal) });
      else await this.store.release(scope, key, this.owner);
      throw error;
    }
    const headers = keptHeadersOf(reply);
    const position = (value as { position?: unknown } | undefined)?.position;
    if (headers['x-event-position'] === undefined && position !== undefined) headers['x-event-position'] = String(position);
    const body = value === undefined ? '' : JSON.stringify(this.sealed(value, scope, key));
    await this.keep(scope, key, { status: reply.statusCode, headers, body });
    return value;
  }

  private sealed(value: unknown, scope: string, key: string): unknown {
    if (!hasSecret(value)) return value;
    return { ...value, [SEALED]: this.sealer.seal(value[SEALED], sealingContext(scope, key)) };
  }

  private opened(value: unknown, scope: string, key: string): unknown {
    if (!hasSecret(value)) return value;
    try {
      return { ...value, [SEALED]: this.sealer.unseal(value[SEALED], sealingContext(scope, key)) };
    } catch {
      // Sealed under key material that has changed since: the answer without it, never the sealed text.
      const { [SEALED]: _lost, ...rest } = value;
      return rest;
    }
  }

  private keep(scope: string, key: string, answer: IdempotentAnswer): Promise<void> {
    return this.store.complete(scope, key, this.owner, answer, new Date(this.clock.now().getTime() + this.ttlMs));
  }

  private replay(answer: IdempotentAnswer, { reply, scope, key }: Attempt): unknown {
    const headers = { ...answer.headers, [REPLAYED_HEADER]: 'true' };
    if (answer.status >= 400) throw new ProblemError(JSON.parse(answer.body) as Problem, headers);
    void reply.status(answer.status).headers(headers);
    return answer.body === '' ? undefined : this.opened(JSON.parse(answer.body), scope, key);
  }
}

function keptHeadersOf(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

const hasSecret = (value: unknown): value is Record<string, unknown> & { [SEALED]: string } =>
  !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as Record<string, unknown>)[SEALED] === 'string';

/** The sealed secret opens only for the answer it was kept with. */
const sealingContext = (scope: string, key: string) => `idempotency\n${scope}\n${key}`;

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
