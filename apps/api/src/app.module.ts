// The Nest shell around the domain: the core ports, then one module per feature.
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AccessModule } from './access/access.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthorizationsModule } from './authorizations/authorizations.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { ChangesModule } from './changes/changes.module.js';
import { type ExpiringReminders, ProcessesModule, shellModules, type ShellDependencies, WebhookDeliveryModule } from '#libs/shell';
import { BodyLessRouteGuard } from './http/body-less.guard.js';
import { PositionHeaderInterceptor } from './http/position.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RateLimitGuard } from './http/rate-limit.js';
import { RequestValidationPipe } from './http/validation.pipe.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { PrincipalModule } from './principal/principal.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { ReadSideModule } from './read-side/read-side.module.js';
import { ServicesModule } from './services/services.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

export interface AppDependencies extends ShellDependencies {
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
      imports: [
        ...shellModules(deps),
        ReadSideModule,
        PrincipalModule,
        ServicesModule,
        AuthorizationsModule,
        ProposalsModule,
        AdminModule,
        AccessModule,
        AuditModule,
        WebhooksModule,
        ChangesModule,
        // Background work where this process runs it (always on the embedded default).
        ...(deps.config.runProjector ? [ProcessesModule.register(deps.reminders), WebhookDeliveryModule] : []),
      ],
      providers: [
        // The rate limit first (it reads the token itself), so that bad tokens are limited too.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: BodyLessRouteGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: PositionHeaderInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        ...(deps.extraProviders ?? []),
      ],
    };
  }
}
