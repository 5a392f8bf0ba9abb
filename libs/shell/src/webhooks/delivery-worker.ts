// Sends due deliveries: oldest first, one in flight per ordering key (a webhook and an
// authorization or proposal), at most WEBHOOK_CONCURRENCY_PER_WEBHOOK per webhook and
// WEBHOOK_CONCURRENCY in all, so a dead receiver holds only its own slots. It wakes when the
// dispatcher stores notifications, when an attempt ends, and at the next due time.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { signingSecrets, streams, webhookDecider, type WebhookState } from '#libs/domain';
import { loadState } from '#libs/event-store';
import type { AttemptOutcome, Delivery, DeliveryStore } from '#libs/operational';
import { Metrics } from '../operations/metrics.js';
import { postWebhook, type SendResult } from './http-sender.js';
import { type SecretSealer, signedHeaders } from './secrets.js';
import { DELIVERY_STORE, SECRET_SEALER } from './webhooks.keys.js';
import { BackgroundPorts } from '../infrastructure/background-ports.js';

// When a failed delivery is tried again: the delays of WEBHOOK_RETRY_SCHEDULE_MS in turn (the
// last one repeating), each spread by ±20% jitter so that a receiver coming back is not hit by
// every retry at once; FAILED once the next attempt would fall more than 3 days after the first.
export const RETRY_WINDOW_MS = 3 * 86_400_000;
export const JITTER = 0.2;

/** The delay before attempt `failedAttempts + 1`, jitter aside. */
export function baseDelay(schedule: readonly number[], failedAttempts: number): number {
  if (!schedule.length) throw new Error('the retry schedule is empty');
  return schedule[Math.min(failedAttempts, schedule.length) - 1]!;
}

/** `random` in [0, 1): the delay times a factor in [1 - JITTER, 1 + JITTER). */
export function withJitter(delayMs: number, random: number): number {
  return Math.round(delayMs * (1 - JITTER + 2 * JITTER * random));
}

export interface FailedAttempt {
  /** Attempts made so far, this one included (1 after the first). */
  attempts: number;
  firstAttemptAt: string;
  attemptedAt: string;
}

export type RetryDecision = { status: 'PENDING'; nextAttemptAt: string } | { status: 'FAILED' };

export function retryAfter(failure: FailedAttempt, schedule: readonly number[], random: number = Math.random()): RetryDecision {
  const next = Date.parse(failure.attemptedAt) + withJitter(baseDelay(schedule, failure.attempts), random);
  if (next - Date.parse(failure.firstAttemptAt) > RETRY_WINDOW_MS) return { status: 'FAILED' };
  return { status: 'PENDING', nextAttemptAt: new Date(next).toISOString() };
}

/** The longest sleep between two looks at the store, whatever the next due time. */
const POLL_MS = 1_000;
export const UNSUBSCRIBED = 'the webhook was unsubscribed';

@Injectable()
export class DeliveryWorker {
  private readonly logger = new Logger('Webhooks');
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perWebhook = new Map<string, number>();
  private readonly keys = new Set<string>();
  private pumping: Promise<void> | undefined;
  private again = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private shutdown = new AbortController();

  constructor(
    private readonly ports: BackgroundPorts,
    @Inject(DELIVERY_STORE) private readonly store: DeliveryStore,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    private readonly metrics: Metrics,
  ) {}

  start(): void {
    this.running = true;
    this.shutdown = new AbortController();
    this.kick();
  }

  kick(): void {
    void this.pump();
  }

  /** Starts every delivery that is due and has a free slot; resolves once they are started (tests). */
  pump(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.pumping) {
      this.again = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      do {
        this.again = false;
        await this.fill();
      } while (this.again && this.running);
    })()
      .catch((error: unknown) => this.logger.error(`webhook delivery loop failed: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        this.pumping = undefined;
        void this.schedule();
      });
    return this.pumping;
  }

  /** Resolves once nothing is in flight (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size || this.pumping) await Promise.allSettled([...this.inFlight.values(), this.pumping]);
  }

  private async fill(): Promise<void> {
    const { webhookConcurrency: overall, webhookConcurrencyPerWebhook: perHook } = this.ports.config;
    const now = this.ports.clock.now().toISOString();
    while (this.running && this.inFlight.size < overall) {
      const saturated = [...this.perWebhook].filter(([, n]) => n >= perHook).map(([id]) => id);
      const limit = 2 * (overall - this.inFlight.size);
      const due = await this.store.due({ now, limit, excludeWebhooks: saturated, excludeKeys: [...this.keys] });
      let started = 0;
      for (const delivery of due) {
        if (this.inFlight.size >= overall) break;
        if (this.keys.has(delivery.orderingKey) || (this.perWebhook.get(delivery.webhookId) ?? 0) >= perHook) continue;
        this.launch(delivery);
        started++;
      }
      if (started === 0 || due.length < limit) return;
    }
  }

  private launch(delivery: Delivery): void {
    const { deliveryId, webhookId, orderingKey } = delivery;
    this.keys.add(orderingKey);
    this.perWebhook.set(webhookId, (this.perWebhook.get(webhookId) ?? 0) + 1);
    let claimed = true;
    const attempt = this.attempt(delivery)
      .then((made) => void (claimed = made))
      .catch((error: unknown) => this.logger.error(`delivery ${deliveryId} failed unexpectedly: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        this.keys.delete(orderingKey);
        const left = (this.perWebhook.get(webhookId) ?? 1) - 1;
        if (left) this.perWebhook.set(webhookId, left);
        else this.perWebhook.delete(webhookId);
        this.inFlight.delete(deliveryId);
        // A claim refused (the lease lost, or the attempt made elsewhere) would be read as due again
        // at once: look again at the next poll instead of spinning on it.
        if (claimed) this.kick();
        else void this.schedule();
      });
    this.inFlight.set(deliveryId, attempt);
  }

  private async schedule(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.running) return;
    const now = this.ports.clock.now();
    const next = await this.store.nextDueAfter(now.toISOString()).catch(() => undefined);
    const wait = next === undefined ? POLL_MS : Math.min(POLL_MS, Math.max(1, Date.parse(next) - now.getTime()));
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  /** The webhook as its stream says now (never a stale copy): an unsubscribed one gets nothing more. */
  private async webhook(webhookId: string): Promise<Extract<WebhookState, { status: 'SUBSCRIBED' }> | undefined> {
    const { state } = await loadState(this.ports.events, streams.webhook(webhookId), webhookDecider);
    return state.status === 'SUBSCRIBED' ? state : undefined;
  }

  /** false: not attempted, the claim was refused. */
  private async attempt(delivery: Delivery): Promise<boolean> {
    const hook = await this.webhook(delivery.webhookId);
    if (!hook) {
      await this.store.cancelPending(delivery.webhookId, UNSUBSCRIBED);
      return true;
    }
    // Where another process may hold the lease (or have sent this attempt already): send only after a fenced claim.
    if (this.store.claim && !(await this.claim(delivery))) return false;
    let result: SendResult;
    try {
      // A secret rotated out signs beside the new one until its overlap ends (the product's clock).
      const secrets = signingSecrets(hook, this.ports.clock.now().toISOString()).map((sealed) => this.sealer.unseal(sealed, hook.webhookId));
      // The signature's timestamp is the wall clock's: receivers check it against theirs.
      const headers = signedHeaders(secrets, delivery.deliveryId, delivery.payload, new Date());
      const { webhookAllowHttp: allowHttp, webhookAllowPrivate: allowPrivate } = this.ports.config;
      result = await postWebhook(hook.url, delivery.payload, headers, { allowHttp, allowPrivate, signal: this.shutdown.signal });
    } catch (error) {
      this.logger.error(`webhook ${hook.webhookId}: cannot sign (was WEBHOOK_SECRETS_KEY or AUTH_JWT_SECRET changed?): ${(error as Error).message}`);
      result = { ok: false, error: 'the signing secret could not be unsealed' };
    }
    // A shutdown aborts the attempt: it stays PENDING and runs again after the restart.
    if (this.shutdown.signal.aborted) return true;
    const outcome = this.outcome(delivery, result);
    await this.store.recordAttempt(outcome);
    this.metrics.delivered(outcome.status === 'DELIVERED' ? 'delivered' : outcome.status === 'FAILED' ? 'failed' : 'retry');
    // The reason only, which the sender keeps short: never the receiver's whole answer.
    if (outcome.status === 'FAILED')
      this.logger.warn(`delivery ${delivery.deliveryId} to webhook ${delivery.webhookId} FAILED after ${delivery.attempts + 1} attempts: ${result.error}`);
    else if (!result.ok) this.logger.debug(`delivery ${delivery.deliveryId} to webhook ${delivery.webhookId} failed: ${result.error}`);
    return true;
  }

  private async claim(delivery: Delivery): Promise<boolean> {
    try {
      return await this.store.claim!(delivery);
    } catch (error) {
      // Fenced out (this process lost the lease) or the store unreachable: not sent.
      this.logger.warn(`delivery ${delivery.deliveryId}: not sent, its claim failed: ${(error as Error).message}`);
      return false;
    }
  }

  private outcome(delivery: Delivery, result: SendResult): AttemptOutcome {
    const attemptedAt = this.ports.clock.now().toISOString();
    const base = { deliveryId: delivery.deliveryId, attemptedAt, ...(result.statusCode !== undefined && { statusCode: result.statusCode }) };
    if (result.ok) return { ...base, status: 'DELIVERED' };
    const failure = { attempts: delivery.attempts + 1, firstAttemptAt: delivery.firstAttemptAt ?? attemptedAt, attemptedAt };
    return { ...base, ...retryAfter(failure, this.ports.config.webhookRetryScheduleMs), error: result.error ?? 'failed' };
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.shutdown.abort();
    await this.idle();
  }
}
