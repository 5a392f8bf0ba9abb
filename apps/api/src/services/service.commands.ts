// Publish and deactivate a service.
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { linkCodeOf, serviceDecider, serviceView, type ServiceView, streams } from '#libs/domain';
import type { Config } from '#libs/platform';
import { CommandRunner, CONFIG, Facts } from '#libs/shell';
import { runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';
import { newServiceId } from '../infrastructure/ids.js';
import type { PublishServiceDto } from './service.dto.js';

export const linkBaseOf = (config: Config) => `${config.publicBaseUrl}/v1/authorization-links`;

export interface PublishServiceResult {
  serviceId: string;
  linkCode: string;
  authorizationLink: string;
  position: string;
}

export class PublishServiceCommand extends Command<PublishServiceResult> {
  constructor(
    readonly context: RequestContext,
    readonly body: PublishServiceDto,
  ) {
    super();
  }
}

@CommandHandler(PublishServiceCommand)
export class PublishServiceHandler implements ICommandHandler<PublishServiceCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, body }: PublishServiceCommand): Promise<PublishServiceResult> {
    const serviceId = newServiceId(context.idempotencyKey);
    const linkCode = linkCodeOf(serviceId);
    const service = {
      serviceId,
      name: body.name,
      description: body.description ?? '',
      visibility: body.visibility,
      markets: body.markets,
      requestedScopes: body.requestedScopes,
      validityDays: body.validityDays ?? 365,
      linkCode,
      ...(body.sellerIds !== undefined && { sellerIds: body.sellerIds }),
    };
    const partnerBanned = await this.facts.partnerBanned(context.principal.sub);
    const command = { type: 'PublishService' as const, actor: context.principal, now: context.now, partnerBanned, service };
    const { position, state } = await this.runner.run(streams.service(serviceId), serviceDecider, command, runContextOf(context));
    if (state.status === 'NONE') throw new Error('publishing left no service');
    const { authorizationLink } = serviceView(state, { linkBase: linkBaseOf(this.config), forOwner: true });
    return { serviceId, linkCode, authorizationLink, position: String(position) };
  }
}

export class DeactivateServiceCommand extends Command<{ service: ServiceView; position: string }> {
  constructor(
    readonly context: RequestContext,
    readonly serviceId: string,
    readonly reason?: string,
  ) {
    super();
  }
}

@CommandHandler(DeactivateServiceCommand)
export class DeactivateServiceHandler implements ICommandHandler<DeactivateServiceCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, serviceId, reason }: DeactivateServiceCommand) {
    const { principal } = context;
    const command = {
      type: 'DeactivateService' as const,
      actor: principal,
      now: context.now,
      partnerBanned: principal.role === 'partner' && (await this.facts.partnerBanned(principal.sub)),
      cause: principal.role === 'admin' ? ('ADMIN' as const) : ('PARTNER' as const),
      ...(reason !== undefined && { reason }),
    };
    const { position, state } = await this.runner.run(streams.service(serviceId), serviceDecider, command, runContextOf(context));
    if (state.status === 'NONE') throw new Error('unreachable: the decider refuses an unknown service');
    return { service: serviceView(state, { linkBase: linkBaseOf(this.config), forOwner: true }), position: String(position) };
  }
}
