// One delivery attempt over HTTP. node:http(s) rather than fetch: its `lookup` option lets the
// socket connect to the address the SSRF check approved (no second DNS answer), and it never
// follows redirects. The whole exchange has a deadline; the answer's body is read up to a few
// KiB for the delivery log and dropped.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { checkUrlText, pinnedLookup, RefusedUrlError, type Resolver, resolveAllowed, type UrlPolicy } from './url-safety.js';

export const DELIVERY_TIMEOUT_MS = 10_000;
export const RESPONSE_BODY_LIMIT = 4_096;
const SNIPPET = 200;

export interface SendResult {
  ok: boolean;
  statusCode?: number;
  /** Why the attempt failed, short enough for the delivery log; never the whole answer. */
  error?: string;
}

export interface SendOptions extends UrlPolicy {
  timeoutMs?: number;
  /** Aborts the attempt (shutdown). */
  signal?: AbortSignal;
  resolve?: Resolver;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, SNIPPET);

function describe(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs / 1000} s`;
  const e = error as { code?: string; message?: string; name?: string };
  if (e.name === 'AbortError') return 'aborted';
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
  };
  return (e.code && known[e.code]) ?? oneLine(`${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`);
}

function readLimited(response: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      if (size < limit) chunks.push(chunk.subarray(0, limit - size));
      size += chunk.length;
      // Enough to show in the log: the rest is not read at all.
      if (size >= limit) response.destroy();
    });
    response.on('end', done);
    response.on('close', done);
    response.on('error', done);
  });
}

export async function postWebhook(rawUrl: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const url = checkUrlText(rawUrl, options);
    const pinned = await resolveAllowed(url, options, options.resolve, signal);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return await new Promise<SendResult>((resolve, reject) => {
      const req = send(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(pinned),
        // One connection per attempt: a pooled socket would outlive the address check.
        agent: false,
        signal,
      });
      req.on('error', reject);
      req.on('response', (response) => {
        const statusCode = response.statusCode ?? 0;
        // Accepted: what follows the status does not matter, and is not read.
        if (statusCode >= 200 && statusCode < 300) {
          response.destroy();
          return resolve({ ok: true, statusCode });
        }
        void readLimited(response, RESPONSE_BODY_LIMIT).then((text) => {
          if (statusCode >= 300 && statusCode < 400) return resolve({ ok: false, statusCode, error: `HTTP ${statusCode}: redirects are not followed` });
          const snippet = oneLine(text);
          resolve({ ok: false, statusCode, error: `HTTP ${statusCode}${snippet ? `: ${snippet}` : ''}` });
        });
      });
      req.end(body);
    });
  } catch (error) {
    if (error instanceof RefusedUrlError) return { ok: false, error: `refused: ${error.message}` };
    return { ok: false, error: describe(error, timeout.aborted, timeoutMs) };
  }
}
