// Serves the API: the embedded default (SQLite file under DATA_DIR) unless EVENTSTORE_URL and
// MONGODB_URL are set.
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { loadConfig, resolveJwtSecret, SystemClock } from '#libs/platform';

async function main(): Promise<void> {
  const { config, errors } = loadConfig();
  // Plain lines on stderr, one per bad value: there is no logger yet, and an operator reads them.
  // Checked before the application's modules load (seconds), so a bad value is reported at once.
  if (errors.length) {
    for (const line of errors) console.error(`config: ${line}`);
    process.exit(2);
  }
  const { Logger } = await import('@nestjs/common');
  const { createApp } = await import('./app.js');
  const { openStores } = await import('#libs/shell');
  const { shutDownOnSignals } = await import('#libs/shell');
  mkdirSync(config.dataDir, { recursive: true });
  const clock = new SystemClock(config.clockOffsetMs);
  const secret = resolveJwtSecret(config.jwtSecret, config.dataDir);
  const logger = new Logger('Main');
  const stores = await openStores(config, (reason) => {
    // Fenced commits already refuse this process's writes: exit, and let the orchestrator restart it.
    logger.error(`${reason}: exiting so that only the lease holder runs the background work`);
    process.exit(1);
  });
  const app = await createApp({ config, clock, ...stores, jwtSecret: secret.secret });
  if (secret.file)
    logger.log(
      `auth: AUTH_JWT_SECRET is not set; using the secret ${secret.created ? 'created' : 'kept'} in ${secret.file}. ` +
        'Mint a token with: npm run token -- --role seller --sub shop-1 --market US_L2L',
    );
  // The stores close after the projector, the processes and the deliveries have stopped, not with the HTTP server.
  shutDownOnSignals(app, { timeoutMs: config.shutdownTimeoutMs, closeStores: () => stores.close() });
  await app.listen(config.port, config.host);
  logger.log(`listening on http://${config.host}:${config.port}`);
}

main().catch((error: unknown) => {
  // A store that cannot be reached at start, or a bad deployment: one clear line, exit non-zero.
  console.error(`start failed: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
