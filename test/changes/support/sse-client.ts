// A Server-Sent Events reader over Node's http, as a browser's fetch stream would read
// GET /v1/changes: it parses frames as they arrive, keeps comments apart, and can stop reading
// (pause) to play a client that does not read.
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';

export interface SseEvent {
  id: string;
  event: string;
  data: { position: string; type: string; ids: Record<string, string> };
}

export interface SseStream {
  status: number;
  headers: IncomingMessage['headers'];
  events: SseEvent[];
  comments: string[];
  /** The whole body of a non-stream answer (a problem). */
  text: string;
  /** Settles when the server ends the answer or the connection goes. */
  ended: Promise<void>;
  /** Resolves once `predicate` holds for what was received; rejects if the stream ends first. */
  until(predicate: (s: SseStream) => boolean): Promise<void>;
  pause(): void;
  resume(): void;
  close(): void;
}

/** Starts the app listening on a free port of 127.0.0.1; gives its base URL. */
export async function listen(app: NestFastifyApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export function openChanges(base: string, token: string | null, options: { lastEventId?: string; query?: string } = {}): Promise<SseStream> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const url = `${base}/v1/changes${options.query ? `?${options.query}` : ''}`;
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, { headers, agent: false }, (res) => {
      let buffer = '';
      let finished = false;
      const waiters = new Set<() => void>();
      let endStream!: () => void;
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        events: [],
        comments: [],
        text: '',
        ended: new Promise<void>((r) => (endStream = r)),
        until(predicate) {
          return new Promise<void>((ok, fail) => {
            const check = () => {
              if (predicate(stream)) {
                waiters.delete(check);
                ok();
              } else if (finished) {
                waiters.delete(check);
                fail(new Error(`the stream ended first; received ${stream.events.length} events: ${stream.events.map((e) => e.id).join(',')}`));
              }
            };
            waiters.add(check);
            check();
          });
        },
        pause: () => res.pause(),
        resume: () => res.resume(),
        close: () => req.destroy(),
      };
      const notify = () => [...waiters].forEach((w) => w());
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        stream.text += stream.status === 200 ? '' : chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
            else {
              const colon = line.indexOf(':');
              fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
            }
          }
          if (fields.data !== undefined) stream.events.push({ id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) });
        }
        notify();
      });
      const done = () => {
        if (finished) return;
        finished = true;
        endStream();
        notify();
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
