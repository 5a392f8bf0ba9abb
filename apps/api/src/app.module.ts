// The Nest shell around the domain: the core ports, then one module per feature.
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard.js';
import { CommandsModule } from './commands.module.js';
import { type CoreDependencies, CoreModule } from './core.module.js';
import { PositionHeaderInterceptor } from './http/position.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestValidationPipe } from './http/validation.pipe.js';
import { ProcessesModule } from './processes.module.js';
import type { ExpiringReminders } from './processes/deadline.process.js';
import { ReadSideModule } from './read-side.module.js';

export interface AppDependencies extends CoreDependencies {
  /** Extra providers at the app's root. */
  extraProviders?: Provider[];
  /** Where expiring reminders go, instead of the default. */
  reminders?: ExpiringReminders;
}

@Module({})
export class AppModule {
  static register(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.register(deps), ReadSideModule, CommandsModule, ...(deps.config.runProjector ? [ProcessesModule.register(deps.reminders)] : [])],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: PositionHeaderInterceptor },
        ...(deps.extraProviders ?? []),
      ],
    };
  }
}
