// What Node's HTTP parser refuses before any route runs (a header block over the size limit, a
// request line that is not HTTP, a deadline passed) is answered by Fastify's default handler
// with a plain JSON body. The one error shape of API.md is problem+json: this writes it on the
// socket, then closes the connection (its framing cannot be trusted any more).
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problem } from './problem.js';

function problemOf(code: string | undefined) {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return problem(408, 'REQUEST.TIMEOUT', 'the request did not arrive in time');
  if (code === 'HPE_HEADER_OVERFLOW') return problem(431, 'REQUEST.HEADERS_TOO_LARGE', 'the request headers exceed the size limit');
  return problem(400, 'REQUEST.MALFORMED', 'the request is not well-formed HTTP');
}

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way on this connection cannot be followed by another one.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    const answer = problemOf(error.code);
    const body = JSON.stringify(answer);
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
