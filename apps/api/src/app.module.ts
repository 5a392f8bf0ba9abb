// The Nest shell around the domain: controllers and command handlers over the ports.
import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '#libs/event-store';
import type { CheckpointStore } from '#libs/operational';
import { expiringAuthorizationIds, type ReadStore } from '#libs/read-models';
import { type Clock, type Config, tokenVerifier } from '#libs/platform';
import { AccessChecksController } from './access/access-checks.controller.js';
import { AdminController } from './admin/admin.controller.js';
import { BanHandler } from './admin/ban.command.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthorizationActionHandler } from './authorizations/authorization-action.command.js';
import { AuthorizationsController } from './authorizations/authorizations.controller.js';
import { GrantAuthorizationsHandler } from './authorizations/grant.command.js';
import { RequestRenewalsHandler } from './authorizations/renewal-requests.command.js';
import { RENEWAL_SELECTION } from './authorizations/renewal-selection.js';
import { CommandRunner } from './commands/command-runner.js';
import { Facts } from './commands/facts.js';
import { PositionHeaderInterceptor } from './http/position.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RequestValidationPipe } from './http/validation.pipe.js';
import { CHECKPOINT_STORE, CLOCK, CONFIG, EVENT_STORE, EXPIRING_REMINDERS, TOKEN_VERIFIER } from './infrastructure/tokens.js';
import { CascadeProcess } from './processes/cascade.process.js';
import { DeadlineProcess, type ExpiringReminders } from './processes/deadline.process.js';
import { IntentExecutor } from './processes/intent-executor.js';
import { Processes } from './processes/processes.service.js';
import { CreateProposalHandler, ProposalActionHandler, SignProposalHandler } from './proposals/proposal.commands.js';
import { ProposalsController } from './proposals/proposals.controller.js';
import { WhoAmIController } from './principal/whoami.controller.js';
import { HealthController } from './read-side/health.controller.js';
import { MinPositionInterceptor } from './read-side/min-position.interceptor.js';
import { PartnerPagesController } from './read-side/partner-pages.controller.js';
import { InProcessProjector } from './read-side/projector.service.js';
import { READ_PROGRESS, READ_STORE } from './read-side/read-side.tokens.js';
import { SellerPagesController } from './read-side/seller-pages.controller.js';
import { DeactivateServiceHandler, PublishServiceHandler } from './services/service.commands.js';
import { ServicesController } from './services/services.controller.js';

export interface AppDependencies {
  config: Config;
  clock: Clock;
  eventStore: EventStore;
  readStore: ReadStore;
  checkpoints: CheckpointStore;
  jwtSecret: string;
  /** Providers of the read side and the processes, which differ between the embedded default and production. */
  extraProviders?: Provider[];
  extraControllers?: DynamicModule['controllers'];
}

const COMMAND_HANDLERS = [
  PublishServiceHandler,
  DeactivateServiceHandler,
  GrantAuthorizationsHandler,
  AuthorizationActionHandler,
  RequestRenewalsHandler,
  CreateProposalHandler,
  ProposalActionHandler,
  SignProposalHandler,
  BanHandler,
];

@Module({})
export class AppModule {
  static register(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        HealthController,
        WhoAmIController,
        PartnerPagesController,
        SellerPagesController,
        ServicesController, AuthorizationsController, ProposalsController, AdminController, AccessChecksController, ...(deps.extraControllers ?? [])],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: CLOCK, useValue: deps.clock },
        { provide: EVENT_STORE, useValue: deps.eventStore },
        { provide: TOKEN_VERIFIER, useValue: tokenVerifier(deps.jwtSecret, deps.clock, deps.config.jwtClockSkewSeconds) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: PositionHeaderInterceptor },
        CommandRunner,
        Facts,
        ...COMMAND_HANDLERS,
        { provide: READ_STORE, useValue: deps.readStore },
        InProcessProjector,
        { provide: READ_PROGRESS, useExisting: InProcessProjector },
        MinPositionInterceptor,
        {
          provide: RENEWAL_SELECTION,
          useValue: { expiringWithin: (partnerId: string, days: number, now: string) => expiringAuthorizationIds(deps.readStore, partnerId, days, now) },
        },
        { provide: CHECKPOINT_STORE, useValue: deps.checkpoints },
        IntentExecutor,
        ...(deps.config.runProjector
          ? [
              CascadeProcess,
              DeadlineProcess,
              Processes,
              { provide: EXPIRING_REMINDERS, useValue: { notify: async () => undefined } satisfies ExpiringReminders },
            ]
          : []),
        ...(deps.extraProviders ?? []),
      ],
    };
  }
}
