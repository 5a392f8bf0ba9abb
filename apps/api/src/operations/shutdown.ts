// Graceful shutdown on SIGTERM (and SIGINT): stop accepting, let in-flight requests and commands
// finish, stop the projector, the processes and the webhook deliveries (each flushes its
// checkpoint; deliveries in flight are aborted and stay PENDING), close the stores, exit 0. If any
// of it hangs, exit 1 after SHUTDOWN_TIMEOUT_MS: an orchestrator's own kill comes later and is
// harsher.
//
// Nest's close() does it in this order: its shutdown-hook phase marks the adapter as closing,
// then the HTTP server closes (Fastify stops listening, waits for the requests it is answering and
// answers 503 to new ones on kept-alive connections), then each provider's onApplicationShutdown
// runs (projector, processes, dispatcher).
import { type INestApplication, Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { CommandRunner } from '../commands/command-runner.js';

/**
 * Answers sent while the server closes say `Connection: close`. Without it a client keeps the
 * kept-alive connection of a request that was in flight, and the server waits for that idle
 * connection until its keep-alive timeout (72 s), far past the shutdown's bound. Registered when
 * the app is built: Fastify takes no hooks once it is ready.
 */
export function closeConnectionsWhenClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
}

export interface ShutdownOptions {
  timeoutMs: number;
  /** Closes the stores once nothing uses them any more. */
  closeStores: () => Promise<void>;
  exit?: (code: number) => void;
}

export function shutDownOnSignals(app: INestApplication, options: ShutdownOptions): void {
  const logger = new Logger('Shutdown');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const deadline = setTimeout(() => {
      logger.error(`not done after ${options.timeoutMs} ms: exiting with 1`);
      exit(1);
    }, options.timeoutMs);
    logger.log(`${signal}: no new requests; finishing those in flight`);
    try {
      await app.close();
      // Commands a process started and nothing awaited (the HTTP ones ended with their requests).
      await app.get(CommandRunner).idle();
      await options.closeStores();
      clearTimeout(deadline);
      logger.log(`stopped in ${Date.now() - started} ms`);
      exit(0);
    } catch (error) {
      clearTimeout(deadline);
      logger.error(`shutdown failed: ${(error as Error).stack ?? String(error)}`);
      exit(1);
    }
  };
  // A second SIGTERM changes nothing; a second Ctrl-C (SIGINT) kills at once, as a developer expects.
  process.on('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}
