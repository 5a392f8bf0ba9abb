// Every command route of API.md, plus the reads that must never be stale (from the event store).
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessChecksController } from './access/access-checks.controller.js';
import { AdminController } from './admin/admin.controller.js';
import { BanHandler } from './admin/ban.command.js';
import { AuthorizationActionHandler } from './authorizations/authorization-action.command.js';
import { AuthorizationsController } from './authorizations/authorizations.controller.js';
import { GrantAuthorizationsHandler } from './authorizations/grant.command.js';
import { RequestRenewalsHandler } from './authorizations/renewal-requests.command.js';
import { WhoAmIController } from './principal/whoami.controller.js';
import { CreateProposalHandler, ProposalActionHandler, SignProposalHandler } from './proposals/proposal.commands.js';
import { ProposalsController } from './proposals/proposals.controller.js';
import { ReadSideModule } from './read-side/read-side.module.js';
import { DeactivateServiceHandler, PublishServiceHandler } from './services/service.commands.js';
import { ServicesController } from './services/services.controller.js';

@Module({
  imports: [CqrsModule.forRoot(), ReadSideModule],
  controllers: [WhoAmIController, ServicesController, AuthorizationsController, ProposalsController, AdminController, AccessChecksController],
  providers: [
    PublishServiceHandler,
    DeactivateServiceHandler,
    GrantAuthorizationsHandler,
    AuthorizationActionHandler,
    RequestRenewalsHandler,
    CreateProposalHandler,
    ProposalActionHandler,
    SignProposalHandler,
    BanHandler,
  ],
})
export class CommandsModule {}
