// Group commit: appends that arrive while the writer is busy, or in the same turn of the event
// loop, share one transaction and one fsync. The first append of an idle writer schedules the
// flush with setImmediate (the next loop turn), never a fixed timer, so a lone writer waits for
// nothing. Each append keeps its own expected-revision check, inside its own savepoint, so one
// conflict fails that append only.
export interface Job<T, R> {
  input: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitQueue<T, R> {
  private queue: Job<T, R>[] = [];
  private scheduled = false;

  constructor(
    /** Runs the whole batch in one transaction; returns one outcome per job, in order. */
    private readonly commitBatch: (inputs: T[]) => Array<{ ok: R } | { error: unknown }>,
    private readonly afterCommit: (results: R[]) => void,
  ) {}

  push(input: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs what is queued now; also used on close so nothing acknowledged-to-be is dropped. */
  flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    let outcomes: Array<{ ok: R } | { error: unknown }>;
    try {
      outcomes = this.commitBatch(jobs.map((j) => j.input));
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    // What committed is told (afterCommit) before any append resolves: whatever runs once an
    // append has resolved finds its events published (the live feed, the stream-state cache).
    const committed = outcomes.flatMap((outcome) => ('ok' in outcome ? [outcome.ok] : []));
    if (committed.length) {
      try {
        this.afterCommit(committed);
      } catch {
        // The commit is durable: a listener's failure must not fail the appends (listeners keep
        // themselves consistent: the stream-state cache empties itself).
      }
    }
    outcomes.forEach((outcome, i) => {
      if ('ok' in outcome) jobs[i]!.resolve(outcome.ok);
      else jobs[i]!.reject(outcome.error);
    });
  }

  get pending(): number {
    return this.queue.length;
  }
}
