// The appends benchmark's writer loops, and what it does with errors nobody awaited: both shared
// by our store and the peer, and kept here so that a test can drive them with fakes.

export interface Driven {
  ms: number;
  /** Appends that rejected, or that did not settle within the per-append timeout. */
  failed: number;
  /** Of `failed`, those that never settled (a driver that lost its callback). */
  hung: number;
}

/**
 * `writers` concurrent loops, each taking the next index until `n` or `maxMs`; failed appends are
 * counted, never thrown. With `appendTimeoutMs`, an append that has not settled by then is counted
 * as failed and its writer goes on: a driver whose error went to an 'error' event instead of the
 * append's promise must not hold the benchmark forever.
 */
export async function drive(n: number, writers: number, maxMs: number, append: (i: number) => Promise<void>, appendTimeoutMs?: number): Promise<Driven> {
  let failed = 0;
  let hung = 0;
  let next = 0;
  const started = performance.now();
  const HUNG = Symbol('hung');
  const bounded = (p: Promise<void>): Promise<void | typeof HUNG> => {
    if (appendTimeoutMs === undefined) return p;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof HUNG>((resolve) => (timer = setTimeout(() => resolve(HUNG), appendTimeoutMs)));
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  };
  const writer = async () => {
    for (let i = next++; i < n && performance.now() - started < maxMs; i = next++) {
      try {
        if ((await bounded(append(i))) === HUNG) {
          failed++;
          hung++;
        }
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  return { ms: performance.now() - started, failed, hung };
}

/**
 * Errors thrown outside any promise while the peer runs (node-sqlite3 emits 'error' on a Statement
 * nobody listens to: SQLITE_BUSY on a BEGIN, "cannot change into wal mode from within a
 * transaction", ...). They are the peer's failures, counted by code as a figure of the peer, never
 * the end of the benchmark. Ours never throws outside its promises: an error outside the peer's
 * window that is not SQLite's is not the peer's, and is rethrown.
 */
export class StrayErrors {
  readonly byCode = new Map<string, number>();
  total = 0;
  private open = 0;

  /** Brackets the peer's measurement: strays inside it are the peer's whatever they are. */
  async during<T>(fn: () => Promise<T>): Promise<T> {
    this.open++;
    try {
      return await fn();
    } finally {
      this.open--;
    }
  }

  readonly take = (error: unknown): void => {
    const code = (error as { code?: unknown } | null)?.code;
    const sqlite = typeof code === 'string' && code.startsWith('SQLITE_');
    if (this.open === 0 && !sqlite) throw error;
    const key = sqlite ? (code as string) : 'other';
    this.byCode.set(key, (this.byCode.get(key) ?? 0) + 1);
    this.total++;
  };

  /** Listens on the process; returns what stops listening. */
  listen(target: NodeJS.EventEmitter = process): () => void {
    target.on('uncaughtException', this.take);
    target.on('unhandledRejection', this.take);
    return () => {
      target.off('uncaughtException', this.take);
      target.off('unhandledRejection', this.take);
    };
  }

  describe(): string {
    return [...this.byCode].map(([code, count]) => `${count} ${code}`).join(', ');
  }
}
