// The correlation id of a request: X-Correlation-Id when the client sends a usable one, else a new
// UUID. Fastify asks for it as the request's id (which the request logger, Nest middleware, reads),
// and the app's onRequest hook asks again to put it on the request (events' metadata, the answer's
// X-Correlation-Id): remembered per request so that both get the same one.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const known = new WeakMap<IncomingMessage, string>();

export function correlationIdOf(request: IncomingMessage): string {
  let id = known.get(request);
  if (id === undefined) {
    const sent = request.headers['x-correlation-id'];
    id = typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : randomUUID();
    known.set(request, id);
  }
  return id;
}
