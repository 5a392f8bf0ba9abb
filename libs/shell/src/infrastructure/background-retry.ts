// How every part of the background work (the projector, the webhook dispatcher, the cascade
// process) starts and restarts: one behaviour everywhere. A start that fails is tried again after
// a capped exponential back-off with jitter (1 s, 2 s, 4 s ... 30 s, each between half and all
// of that), logged with the attempt and the delay. After GIVE_UP_AFTER failed attempts in a row
// the part gives up the background gate: in production that releases the projector lease and
// exits non-zero, so a standby projector takes over at once and the orchestrator restarts this
// one; on the embedded default (no standby, an always-open gate) it keeps trying at the cap.
// Never rejects: no start path leaves an unhandled rejection behind.
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts in a row after which the gate is given up (when it can be). */
  giveUpAfter: number;
}

export const BACKGROUND_RETRY_POLICY: RetryPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, giveUpAfter: 8 };

/** The delay after failed attempt `attempt` (1-based): the capped doubling, times a factor in [0.5, 1) from `random` in [0, 1). */
export function retryDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const capped = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(capped * (0.5 + random / 2));
}

export interface RetryLog {
  warn(message: string): void;
  error(message: string): void;
}

export interface KeepTrying {
  /** What is started, for the log: "the projector". */
  what: string;
  log: RetryLog;
  policy?: RetryPolicy;
  /** Aborted on shutdown: the wait ends at once and nothing more is tried. */
  signal?: AbortSignal;
  /** Called once after `giveUpAfter` failures; undefined: keep trying at the cap. */
  giveUp?: (reason: string) => void;
  random?: () => number;
  /**
   * Failures in a row of the work once started (a subscription that broke): the first start then
   * waits the back-off of that many failures, so a fault that breaks the work at once is not
   * retried in a tight loop. Only failed starts count towards giving up.
   */
  failuresBefore?: number;
}

/** Runs `start` until it succeeds (true), or the signal aborts or the gate is given up (false). */
export async function keepTrying(start: () => Promise<void>, options: KeepTrying): Promise<boolean> {
  const policy = options.policy ?? BACKGROUND_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const before = options.failuresBefore ?? 0;
  if (before > 0) await sleep(retryDelay(policy, before, random()), options.signal);
  for (let attempt = 1; !options.signal?.aborted; attempt++) {
    try {
      await start();
      return true;
    } catch (error) {
      if (options.signal?.aborted) return false;
      const reason = `${options.what} failed to start (attempt ${attempt}): ${describe(error)}`;
      if (options.giveUp && attempt >= policy.giveUpAfter) {
        options.log.error(`${reason}; giving up the background work here so that another process takes over`);
        options.giveUp(`${options.what} failed to start ${attempt} times in a row`);
        return false;
      }
      const delay = retryDelay(policy, before + attempt, random());
      options.log.error(`${reason}; retrying in ${delay} ms`);
      await sleep(delay, options.signal);
    }
  }
  return false;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
