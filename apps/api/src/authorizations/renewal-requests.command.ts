// The partner asks sellers to renew, many at once: by ids, or every ACTIVE authorization of its
// own expiring within N days (selected on the Seller management read model). Each request is its
// own decision on its own binding; those that can no longer be renewed are skipped.
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { bindingDecider, DomainError, findAuthorization, parseAuthorizationId, type RequestAuthorizationRenewal, streams } from '#libs/domain';
import { type EventStore, loadState } from '#libs/event-store';
import { Inject } from '@nestjs/common';
import { badRequest, CommandRunner, EVENT_STORE, Facts, problem, ProblemError } from '#libs/shell';
import { partOf, runContextOf } from '../commands/run-context.js';
import type { RequestContext } from '../http/request-context.js';
import { RENEWAL_SELECTION, type RenewalSelection } from './renewal-selection.js';
import type { BulkRenewalRequestDto } from './authorization.dto.js';

export class RequestRenewalsCommand extends Command<{ requested: number; position: string }> {
  constructor(
    readonly context: RequestContext,
    readonly body: BulkRenewalRequestDto,
  ) {
    super();
  }
}

@CommandHandler(RequestRenewalsCommand)
export class RequestRenewalsHandler implements ICommandHandler<RequestRenewalsCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: Facts,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(RENEWAL_SELECTION) private readonly selection: RenewalSelection,
  ) {}

  async execute({ context, body }: RequestRenewalsCommand) {
    const partnerId = context.principal.sub;
    if ((body.authorizationIds === undefined) === (body.expiringWithinDays === undefined))
      throw badRequest('give exactly one of authorizationIds and expiringWithinDays', [
        { field: 'authorizationIds', message: 'exactly one of authorizationIds and expiringWithinDays' },
      ]);
    const ids = body.authorizationIds
      ? [...new Set(body.authorizationIds)]
      : await this.selection.expiringWithin(partnerId, body.expiringWithinDays!, context.now);
    const keys = ids.map((id) => ({ id, key: parseAuthorizationId(id) }));
    // All or nothing on unknown ids: every one is checked before any request is made.
    for (const [i, { id, key }] of keys.entries()) {
      const exists =
        key?.partnerId === partnerId &&
        findAuthorization((await loadState(this.store, streams.binding(key.partnerId, key.sellerId), bindingDecider)).state, id);
      if (!exists)
        throw new ProblemError(
          problem(404, 'AUTHORIZATION.NOT_FOUND', `no such authorization: ${id}`, [{ field: `authorizationIds[${i}]`, message: 'no such authorization' }]),
        );
    }
    if (await this.facts.partnerBanned(partnerId)) throw new DomainError('Forbidden', 'PARTNER.BANNED', 'this partner is banned');
    let requested = 0;
    let position = 0n;
    for (const { id, key } of keys) {
      const bans = { partner: false, seller: await this.facts.sellerBanned(key!.sellerId) };
      const command: RequestAuthorizationRenewal = {
        type: 'RequestAuthorizationRenewal',
        authorizationId: id,
        actor: context.principal,
        now: context.now,
        bans,
      };
      try {
        // Each request its own key: a retry after a crash finds those made, and makes the others.
        const handled = await this.runner.run(streams.binding(key!.partnerId, key!.sellerId), bindingDecider, command, partOf(runContextOf(context), id));
        requested += 1;
        if (handled.position > position) position = handled.position;
      } catch (error) {
        // An authorization that can no longer be renewed (cancelled, deactivated) is skipped.
        if (!(error instanceof DomainError) || error.kind !== 'Conflict') throw error;
      }
    }
    if (requested === 0) position = await this.store.headPosition();
    return { requested, position: String(position) };
  }
}
