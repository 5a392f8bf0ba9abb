// The ports and settings every feature module uses, provided once for the whole app.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { UncachedStreamStates } from '#libs/event-store';
import { type Clock, type Config, tokenVerifier } from '#libs/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { BanCommands, BindingCommands, CommandRunner, ServiceCommands, WebhookCommands } from './commands/command-runner.js';
import { Completion } from './commands/completion.js';
import { Facts } from './commands/facts.js';
import { CrashAfterAppend } from './idempotency/crash-after-append.js';
import { IDEMPOTENCY_STORE } from './idempotency/idempotency.keys.js';
import { Metrics } from './operations/metrics.js';
import { BackgroundPorts } from './infrastructure/background-ports.js';
import { OPEN_GATE } from './infrastructure/background-gate.js';
import type { Stores } from './infrastructure/stores.js';
import type { RetryPolicy } from './infrastructure/background-retry.js';
import {
  BACKGROUND_GATE,
  BACKGROUND_RETRY,
  CHECKPOINT_STORE,
  CLOCK,
  CONFIG,
  EVENT_STORE,
  STREAM_STATES,
  TOKEN_VERIFIER,
} from './infrastructure/injection-keys.js';
import { READ_STORE } from './read-side/read-side.keys.js';
import { SecretSealer } from './webhooks/secrets.js';
import { DELIVERY_STORE, SECRET_SEALER } from './webhooks/webhooks.keys.js';

/** The stores (infrastructure/stores.ts) with the settings and the secret every feature module uses. */
export interface CoreDependencies extends Omit<Stores, 'close'> {
  config: Config;
  clock: Clock;
  jwtSecret: string;
  /** How a failed background start is retried (infrastructure/background-retry.ts); tests shorten it. */
  backgroundRetry?: RetryPolicy;
}

@Global()
@Module({})
export class CoreModule {
  static register(deps: CoreDependencies): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: deps.config },
      { provide: CLOCK, useValue: deps.clock },
      { provide: EVENT_STORE, useValue: deps.eventStore },
      { provide: STREAM_STATES, useValue: deps.streamStates ?? new UncachedStreamStates(deps.eventStore) },
      { provide: READ_STORE, useValue: deps.readStore },
      { provide: CHECKPOINT_STORE, useValue: deps.checkpoints },
      { provide: BACKGROUND_GATE, useValue: deps.gate ?? OPEN_GATE },
      ...(deps.backgroundRetry ? [{ provide: BACKGROUND_RETRY, useValue: deps.backgroundRetry }] : []),
      { provide: IDEMPOTENCY_STORE, useValue: deps.idempotency },
      { provide: DELIVERY_STORE, useValue: deps.deliveries },
      { provide: SECRET_SEALER, useValue: new SecretSealer(deps.config.webhookSecretsKey, deps.jwtSecret) },
      { provide: TOKEN_VERIFIER, useValue: tokenVerifier(deps.jwtSecret, deps.clock, deps.config.jwtClockSkewSeconds, deps.config.jwtMaxTtlSeconds) },
      Metrics,
      BackgroundPorts,
      CommandRunner,
      Facts,
      Completion,
      // A test-only fault, absent unless a test names keys (config.ts refuses them outside NODE_ENV=test).
      ...(deps.config.crashAfterAppendKeys.length ? [{ provide: CrashAfterAppend, useValue: new CrashAfterAppend(deps.config.crashAfterAppendKeys) }] : []),
    ];
    // The CommandBus and its handlers, one per decider: HTTP routes and processes send intents through it.
    const handlers = [BindingCommands, ServiceCommands, BanCommands, WebhookCommands];
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [...providers, ...handlers],
      exports: [CqrsModule, ...providers.map((p) => ('provide' in p ? p.provide : p))],
    };
  }
}
