// One typed command for every action on an existing authorization: the handler reads the
// facts the decider needs from the event store, decides on the binding, answers with the view.
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type AuthorizationCommand,
  type AuthorizationView,
  authorizationView,
  bindingDecider,
  findAuthorization,
  type GrantAuthorizations,
  notFound,
  parseAuthorizationId,
  streams,
} from '#libs/domain';
import type { Config } from '#libs/platform';
import { CommandRunner, CONFIG, Facts } from '#libs/shell';
import { marketSettingsOf } from '../commands/market-settings.js';
import { runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';

type Supplied = 'actor' | 'now' | 'bans' | 'authorizationId' | 'service' | 'settings' | 'ifMatch';
type ActionOf<C> = C extends unknown ? Omit<C, Supplied> : never;
export type AuthorizationAction = ActionOf<Exclude<AuthorizationCommand, GrantAuthorizations>>;

export interface AuthorizationActionResult {
  authorization: AuthorizationView;
  position: string;
}

export class AuthorizationActionCommand extends Command<AuthorizationActionResult> {
  constructor(
    readonly context: RequestContext,
    readonly authorizationId: string,
    readonly action: AuthorizationAction,
  ) {
    super();
  }
}

const NEEDS_SERVICE = new Set<AuthorizationAction['type']>(['EditAuthorization', 'RenewAuthorization', 'ExpireAuthorization']);

@CommandHandler(AuthorizationActionCommand)
export class AuthorizationActionHandler implements ICommandHandler<AuthorizationActionCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ context, authorizationId, action }: AuthorizationActionCommand): Promise<AuthorizationActionResult> {
    const key = parseAuthorizationId(authorizationId);
    if (!key) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
    const [bans, service] = await Promise.all([
      this.facts.bans(key.partnerId, key.sellerId),
      NEEDS_SERVICE.has(action.type) ? this.facts.service(key.serviceId) : undefined,
    ]);
    const command = {
      ...action,
      authorizationId,
      actor: context.principal,
      now: context.now,
      bans,
      settings: marketSettingsOf(this.config),
      ...(service && { service }),
      ...(context.ifMatch !== undefined && { ifMatch: context.ifMatch }),
    } as AuthorizationCommand;
    const { state, position, decidedAt } = await this.runner.run(streams.binding(key.partnerId, key.sellerId), bindingDecider, command, runContextOf(context));
    const authorization = findAuthorization(state, authorizationId);
    if (!authorization) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
    return { authorization: authorizationView(authorization, decidedAt), position: String(position) };
  }
}
