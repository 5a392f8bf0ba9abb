// Every read the adapter makes ends its gRPC call and has a deadline. Leaving a `for await` early
// destroys the client's wrapper stream but not the call under it: the call is never read to its
// end, so it never finishes on the client (and, past HTTP/2's flow-control window, not on the
// server either); the client's dispose() waits on it forever, and a connection carries only so
// many open calls (100 by default on servers) before the next one waits. So a read is drained to its end (the adapter asks for no
// more than it will read: cancelling one call per health probe would be thousands of stream
// resets, which HTTP/2 servers take for a rapid-reset attack and answer by closing the
// connection), or, when it fails, cancelled (`cancel()`, which resets the call's stream). And the client gives reads no deadline (v6 passes
// `deadline: Infinity` whatever the caller asks), so the deadline is ours: past it, the call is
// cancelled and the read fails with a ReadDeadlineError instead of hanging.

/** What a read looks like to us: the client's ReadStream, or a raw gRPC call. */
export interface ReadCall<T> extends AsyncIterable<T> {
  cancel?(): unknown;
}

export class ReadDeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(`EventStoreDB did not answer ${what} within ${ms} ms (the read was cancelled)`);
    this.name = 'ReadDeadlineError';
  }
}

/** The default deadline of one read call. */
export const DEFAULT_READ_DEADLINE_MS = 10_000;

/** Hands each item of `read` to `visit` until the read ends; on an error or past the deadline the call is cancelled. */
export async function consume<T>(read: ReadCall<T>, deadlineMs: number, what: string, visit: (item: T) => void): Promise<void> {
  const iterator = read[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadDeadlineError(what, deadlineMs)), deadlineMs);
  });
  let drained = false;
  try {
    for (;;) {
      const next = iterator.next();
      next.catch(() => undefined); // raced below: once the deadline wins, nobody waits for it
      const item = await Promise.race([next, deadline]);
      if (item.done) {
        drained = true;
        return;
      }
      visit(item.value);
    }
  } finally {
    clearTimeout(timer);
    if (!drained) {
      // cancel() ends the call on the server; return() lets go of the client's wrapper stream.
      void Promise.resolve(read.cancel?.()).catch(() => undefined);
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
  }
}
