// The seller authorizes one or several services of the link's partner at once.
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type AuthorizationGranted,
  bindingDecider,
  entryOf,
  type GrantAuthorizations,
  type Market,
  notFound,
  type PublishedService,
  parseLinkCode,
  streams,
  withEntry,
} from '#libs/domain';
import type { Config } from '#libs/platform';
import { CommandRunner, CONFIG, Facts } from '#libs/shell';
import { marketSettingsOf } from '../commands/market-settings.js';
import { runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';
import type { GrantAuthorizationsDto } from './authorization.dto.js';

export interface GrantResult {
  authorizations: { authorizationId: string; serviceId: string; status: 'ACTIVE'; expiresAt: string }[];
  position: string;
}

export function grantResult(events: readonly { type: string; data: unknown }[], position: bigint): GrantResult {
  const granted = events.filter((e): e is AuthorizationGranted => e.type === 'AuthorizationGranted');
  return {
    authorizations: granted.map(({ data }) => ({
      authorizationId: data.authorizationId,
      serviceId: data.serviceId,
      status: 'ACTIVE',
      expiresAt: data.expiresAt,
    })),
    position: String(position),
  };
}

export class GrantAuthorizationsCommand extends Command<GrantResult> {
  constructor(
    readonly context: RequestContext,
    readonly body: GrantAuthorizationsDto,
  ) {
    super();
  }
}

@CommandHandler(GrantAuthorizationsCommand)
export class GrantAuthorizationsHandler implements ICommandHandler<GrantAuthorizationsCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, body }: GrantAuthorizationsCommand): Promise<GrantResult> {
    const linkServiceId = parseLinkCode(body.linkCode);
    const states = this.facts.view();
    const linkService = linkServiceId && (await this.facts.service(linkServiceId, states));
    if (!linkService) throw notFound('LINK.NOT_FOUND', 'no such authorization link');
    const { partnerId } = linkService;
    const sellerId = context.principal.sub;
    // The link's service was just read: the others are read once each.
    const others = body.grants.map((g) => g.serviceId).filter((id) => id !== linkService.serviceId);
    const [bans, read] = await Promise.all([this.facts.bans(partnerId, sellerId, states), this.facts.services(others, states)]);
    const services = withEntry<PublishedService | undefined>(read, linkService.serviceId, linkService);
    const command: GrantAuthorizations = {
      type: 'GrantAuthorizations',
      actor: context.principal,
      now: context.now,
      bans,
      partnerId,
      sellerId,
      market: context.principal.market as Market,
      settings: marketSettingsOf(this.config),
      grants: body.grants.map((g) => ({ ...g, scopes: { ...g.scopes }, service: entryOf(services, g.serviceId) })),
    };
    const { events, position } = await this.runner.run(streams.binding(partnerId, sellerId), bindingDecider, command, runContextOf(context));
    return grantResult(events, position);
  }
}
