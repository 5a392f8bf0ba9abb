// Operations: health (terminus), metrics, and structured logs (nestjs-pino). The Metrics registry
// itself is provided by the core module, so that every feature can record into it.
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ProjectionsModule } from '../read-side/projections.module.js';
import { HealthController } from './health.controller.js';
import { loggerParams } from './logging.js';
import { MetricsController } from './metrics.controller.js';
import { ProjectionLagProbe } from './projection-lag.js';

export interface OperationsOptions {
  logLevel: string;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class OperationsModule {
  static register(options: OperationsOptions): DynamicModule {
    return {
      module: OperationsModule,
      // terminus logs a failed check as an error; a readiness probe failing while the read models
      // catch up at start is expected, and the 503 body says why.
      imports: [LoggerModule.forRoot(loggerParams(options.logLevel, options.logDestination)), TerminusModule.forRoot({ logger: false }), ProjectionsModule],
      controllers: [HealthController, MetricsController],
      providers: [ProjectionLagProbe],
    };
  }
}
