// Live changes: GET /v1/changes read as Server-Sent Events with fetch (EventSource cannot send an
// Authorization header). Reconnects with Last-Event-ID so nothing is skipped; while the route
// answers 404 (a server without it) or cannot be reached, the console falls back to polling.
import { session } from '../session';
import { sseParser } from './sse';

export interface Change {
  position: string;
  type: string;
  ids: Record<string, string | undefined>;
}

export type LiveStatus = 'connecting' | 'live' | 'polling' | 'off';

const POLL_MS = 10_000;

// Where the last stream stopped, per token: a follower started again for the same sign-in (the
// shell mounted anew) resumes there instead of from now, so nothing in between is skipped.
const resumeAfter = new Map<string, string>();

/** Follows the changes the signed-in principal may see; returns a function that stops. */
export function followChanges(onChange: (change: Change) => void, onStatus: (status: LiveStatus) => void, onPoll: () => void): () => void {
  const abort = new AbortController();
  let stopped = false;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function poll(): Promise<void> {
    onStatus('polling');
    await pause(POLL_MS);
    if (!stopped) onPoll();
  }

  async function run(): Promise<void> {
    let backoff = 1_000;
    while (!stopped) {
      const token = session.token();
      if (!token) return onStatus('off');
      onStatus('connecting');
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
        const lastEventId = resumeAfter.get(token);
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const response = await fetch('/v1/changes', { headers, signal: abort.signal });
        if (response.status === 401) return onStatus('off');
        // A position the server does not know (its log was reset): start again from now.
        if (response.status === 400) resumeAfter.delete(token);
        if (!response.ok || !response.body) {
          await poll();
          continue;
        }
        onStatus('live');
        backoff = 1_000;
        const parse = sseParser(({ id, data }) => {
          if (id) resumeAfter.set(token, id);
          try {
            onChange(JSON.parse(data) as Change);
          } catch {
            // A line this console does not understand is not a reason to drop the stream.
          }
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parse(value);
        }
      } catch {
        if (stopped) return;
      }
      // The stream ended or broke: catch up by polling once, then reconnect where it stopped.
      onPoll();
      await pause(backoff);
      backoff = Math.min(backoff * 2, 15_000);
    }
  }

  void run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
