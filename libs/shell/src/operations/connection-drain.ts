// Stopping the HTTP server without dropping the requests that already reached it.
//
// Node's http.Server#close() (which Fastify's close() calls) stops accepting connections and, at
// once, destroys every connection that is not answering a request at that instant, including
// those whose request is already in the socket's buffer but not parsed yet: with the event loop
// busy answering others, that was most of a burst, each reset without an answer (a POST the client
// cannot tell was applied or not). So the drain comes first, at the socket level:
//   1. stop accepting new connections (net.Server#close, which leaves open ones alone), and answer
//      with `Connection: close` from now on, so that each connection ends after its answer;
//   2. wait until no request has arrived for QUIET_MS: the buffered ones get parsed and run;
//   3. close the connections that are idle, until none is left.
// Fastify's own close() then finds nothing left to wait for.
import { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';

const QUIET_MS = 100;
const drains = new WeakMap<FastifyInstance, ConnectionDrain>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ConnectionDrain {
  private closing = false;
  private lastRequestAt = 0;
  private readonly onDrainListeners: (() => void)[] = [];

  /** Registers the hooks: while the app is built, as Fastify takes no hooks once ready. */
  static attach(fastify: FastifyInstance): ConnectionDrain {
    const drain = new ConnectionDrain(fastify);
    drains.set(fastify, drain);
    return drain;
  }

  private constructor(private readonly fastify: FastifyInstance) {
    fastify.addHook('onRequest', (_request, _reply, done) => {
      this.lastRequestAt = Date.now();
      done();
    });
    // Also when the app is closed without a drain (tests): answers in flight end their connection.
    fastify.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.closing) void reply.header('connection', 'close');
      done(null, payload);
    });
  }

  static of(fastify: FastifyInstance): ConnectionDrain | undefined {
    return drains.get(fastify);
  }

  /** Long answers that never end by themselves (the change streams) end when the drain starts. */
  onDrain(listener: () => void): void {
    this.onDrainListeners.push(listener);
  }

  /** Resolves once every connection has ended; the caller bounds the time. */
  async drain(): Promise<void> {
    const server = this.fastify.server;
    if (!server.listening) return;
    this.closing = true;
    for (const listener of this.onDrainListeners) listener();
    let ended = false;
    const closed = new Promise<void>((resolve) => Server.prototype.close.call(server, () => resolve()));
    void closed.then(() => (ended = true));
    while (Date.now() - this.lastRequestAt < QUIET_MS) await sleep(QUIET_MS / 4);
    while (!ended) {
      server.closeIdleConnections();
      await Promise.race([closed, sleep(QUIET_MS / 2)]);
    }
  }
}
