// An operator bans a partner or a seller.
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { banDecider, streams } from '#libs/domain';
import { CommandRunner } from '#libs/shell';
import { runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';

export class BanCommand extends Command<{ position: string }> {
  constructor(
    readonly context: RequestContext,
    readonly who: { partnerId: string } | { sellerId: string },
    readonly reason: string,
  ) {
    super();
  }
}

@CommandHandler(BanCommand)
export class BanHandler implements ICommandHandler<BanCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ context, who, reason }: BanCommand) {
    const base = { actor: context.principal, now: context.now, reason };
    const { position } =
      'partnerId' in who
        ? await this.runner.run(streams.partner(who.partnerId), banDecider, { type: 'BanPartner', partnerId: who.partnerId, ...base }, runContextOf(context))
        : await this.runner.run(streams.seller(who.sellerId), banDecider, { type: 'BanSeller', sellerId: who.sellerId, ...base }, runContextOf(context));
    return { position: String(position) };
  }
}
