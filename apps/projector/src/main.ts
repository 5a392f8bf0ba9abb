// The projector process (production): projections, processes and webhook deliveries, on
// EventStoreDB and MongoDB, under the projector lease. Serves /health/* and /metrics on PORT.
import 'reflect-metadata';
import { loadConfig, resolveJwtSecret, SystemClock } from '#libs/platform';

async function main(): Promise<void> {
  const { config, errors } = loadConfig();
  if (!process.env.EVENTSTORE_URL)
    errors.push('EVENTSTORE_URL and MONGODB_URL: the projector runs on the production stores (the embedded default runs it inside the API)');
  if (errors.length) {
    for (const line of errors) console.error(`config: ${line}`);
    process.exit(2);
  }
  config.runProjector = true;
  const { Logger } = await import('@nestjs/common');
  const { createProjectorApp } = await import('./projector-app.js');
  const { openStores } = await import('#libs/shell');
  const { shutDownOnSignals } = await import('#libs/shell');
  const logger = new Logger('Projector');
  const stores = await openStores(config, (reason) => {
    logger.error(`${reason}: exiting so that only the lease holder runs the background work`);
    process.exit(1);
  });
  const app = await createProjectorApp({
    config,
    clock: new SystemClock(config.clockOffsetMs),
    ...stores,
    jwtSecret: resolveJwtSecret(config.jwtSecret, config.dataDir).secret,
  });
  shutDownOnSignals(app, { timeoutMs: config.shutdownTimeoutMs, closeStores: () => stores.close() });
  await app.listen(config.port, config.host);
  logger.log(`projector: health and metrics on http://${config.host}:${config.port}; waiting for the projector lease`);
}

main().catch((error: unknown) => {
  // A store that cannot be reached at start, or a bad deployment: one clear line, exit non-zero.
  console.error(`start failed: ${(error as Error).message ?? String(error)}`);
  process.exit(1);
});
