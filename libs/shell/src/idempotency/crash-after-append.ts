// A test-only fault: the process kills itself (SIGKILL) right after a command carrying one of the
// listed Idempotency-Keys has appended its events, before its answer is kept or sent, so that a
// test can prove that a retry after the restart finds those events and answers as the first run.
// Several keys: each such command is held unanswered after its append, and the process dies once
// all of them have appended (one restart for many commands). Off unless the environment names
// keys (TEST_CRASH_AFTER_APPEND_KEYS), which the configuration refuses outside NODE_ENV=test.
import { Injectable } from '@nestjs/common';

@Injectable()
export class CrashAfterAppend {
  /** Raw keys still to append. */
  private readonly waiting: Set<string>;
  /** Command key (request-key.ts) -> raw key, for the requests of listed keys under way. */
  private readonly armed = new Map<string, string>();

  constructor(keys: readonly string[]) {
    this.waiting = new Set(keys);
  }

  /** Called by the idempotency interceptor for every keyed request. */
  arm(rawKey: string, commandKey: string): void {
    if (this.waiting.has(rawKey)) this.armed.set(commandKey, rawKey);
  }

  /** Called after a keyed command appended: never returns for an armed one. */
  async afterAppend(commandKey: string): Promise<void> {
    // One request of several commands (a bulk renewal request) dies after its first append.
    const raw = this.armed.get(commandKey.split('/', 1)[0]!);
    if (raw === undefined) return;
    this.waiting.delete(raw);
    if (this.waiting.size === 0) process.kill(process.pid, 'SIGKILL');
    await new Promise<never>(() => undefined);
  }
}
