// Graceful shutdown on SIGTERM (and SIGINT): stop accepting, let the requests that reached the
// server and the commands in flight finish, stop the projector, the processes and the webhook
// deliveries (each flushes its checkpoint; deliveries in flight are aborted and stay PENDING),
// close the stores, exit 0. If any of it hangs, exit 1 after SHUTDOWN_TIMEOUT_MS: an
// orchestrator's own kill comes later and is harsher.
//
// The HTTP side drains first (connection-drain.ts); then Nest's close() runs its hooks, closes
// the (by then idle) HTTP server, and calls each provider's onApplicationShutdown (projector,
// processes, dispatcher); the stores close last, once nothing uses them.
import { type INestApplication, Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { CommandRunner } from '../commands/command-runner.js';
import { ConnectionDrain } from './connection-drain.js';

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
      await ConnectionDrain.of(app.getHttpAdapter().getInstance() as FastifyInstance)?.drain();
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
