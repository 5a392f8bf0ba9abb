// What every app of the shell starts with: the ports (CoreModule) and operations (health, metrics, logs).
import type { DynamicModule } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { type CoreDependencies, CoreModule } from './core.module.js';
import { OperationsModule } from './operations/operations.module.js';

export interface ShellDependencies extends CoreDependencies {
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

export const shellModules = (deps: ShellDependencies): DynamicModule[] => [
  CoreModule.register(deps),
  OperationsModule.register({ logLevel: deps.config.logLevel, ...(deps.logDestination && { logDestination: deps.logDestination }) }),
];
