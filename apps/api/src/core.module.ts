// The ports and settings every feature module uses, provided once for the whole app.
import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import type { CheckpointStore } from '#libs/operational';
import { type Clock, type Config, tokenVerifier } from '#libs/platform';
import type { ReadStore } from '#libs/read-models';
import { CommandRunner } from './commands/command-runner.js';
import { Facts } from './commands/facts.js';
import { CHECKPOINT_STORE, CLOCK, CONFIG, EVENT_STORE, TOKEN_VERIFIER } from './infrastructure/tokens.js';
import { READ_STORE } from './read-side/read-side.tokens.js';

export interface CoreDependencies {
  config: Config;
  clock: Clock;
  eventStore: EventStore;
  readStore: ReadStore;
  checkpoints: CheckpointStore;
  jwtSecret: string;
}

@Global()
@Module({})
export class CoreModule {
  static register(deps: CoreDependencies): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: deps.config },
      { provide: CLOCK, useValue: deps.clock },
      { provide: EVENT_STORE, useValue: deps.eventStore },
      { provide: READ_STORE, useValue: deps.readStore },
      { provide: CHECKPOINT_STORE, useValue: deps.checkpoints },
      { provide: TOKEN_VERIFIER, useValue: tokenVerifier(deps.jwtSecret, deps.clock, deps.config.jwtClockSkewSeconds) },
      CommandRunner,
      Facts,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
