// The Nest shell the apps share: the ports' wiring (CoreModule), the stores chosen by configuration,
// the command runner, background work (projector, processes, webhook delivery) and operations
// (health, metrics, logs, shutdown). apps/api adds the HTTP routes; apps/projector runs the
// background work alone; apps/cli opens the stores.
export * from './auth/auth.decorators.js';
export * from './commands/command-runner.js';
export * from './commands/completion.js';
export * from './commands/facts.js';
export * from './commands/market-settings.js';
export * from './core.module.js';
export * from './http/client-errors.js';
export * from './http/correlation-id.js';
export * from './http/problem.js';
export * from './http/server-options.js';
export * from './idempotency/crash-after-append.js';
export * from './idempotency/idempotency.keys.js';
export * from './infrastructure/background-gate.js';
export * from './infrastructure/background-retry.js';
export * from './infrastructure/embedded-stores.js';
export * from './infrastructure/production-stores.js';
export * from './infrastructure/projector-lease.js';
export * from './infrastructure/stores.js';
export * from './infrastructure/injection-keys.js';
export * from './operations/connection-drain.js';
export * from './operations/health.controller.js';
export * from './operations/logging.js';
export * from './operations/metrics.controller.js';
export * from './operations/metrics.js';
export * from './operations/operations.module.js';
export * from './operations/projection-lag.js';
export * from './operations/shutdown.js';
export * from './processes/processes.module.js';
export * from './processes/cascade.process.js';
export * from './processes/deadline.process.js';
export * from './processes/intent-executor.js';
export * from './processes/processes.service.js';
export * from './read-side/projections.module.js';
export * from './read-side/checkpoint-progress.js';
export * from './read-side/projector.service.js';
export * from './read-side/read-side.keys.js';
export * from './read-side/switchable-read-store.js';
export * from './webhooks/webhook-delivery.module.js';
export * from './webhooks/delivery-worker.js';
export * from './webhooks/http-sender.js';
export * from './webhooks/secrets.js';
export * from './webhooks/url-safety.js';
export * from './webhooks/webhook-dispatcher.js';
export * from './webhooks/webhooks.keys.js';
