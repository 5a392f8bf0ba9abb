// The partner asks sellers to renew, many at once: by ids, or every ACTIVE authorization of its
// own expiring within N days (selected on the Seller management read model). Each request is its
// own intent on its own binding; those that can no longer be renewed are skipped.
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, findAuthorization, forbidden, parseAuthorizationId } from '#libs/domain';
import type { EventStore } from '#libs/event-store';
import { expiringAuthorizationIds, type ReadStore } from '#libs/read-models';
import { badRequest, EVENT_STORE, Facts, partOf, READ_STORE, RunBindingIntent } from '#libs/shell';
import type { RequestContext } from '../http/request-context.js';
import type { BulkRenewalRequestDto } from './authorization.dto.js';

@Injectable()
export class RenewalRequests {
  constructor(
    private readonly commands: CommandBus,
    private readonly facts: Facts,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async request(context: RequestContext, body: BulkRenewalRequestDto): Promise<{ requested: number; position: string }> {
    const partnerId = context.principal.sub;
    if ((body.authorizationIds === undefined) === (body.expiringWithinDays === undefined))
      throw badRequest('give exactly one of authorizationIds and expiringWithinDays', [
        { field: 'authorizationIds', message: 'exactly one of authorizationIds and expiringWithinDays' },
      ]);
    const ids = body.authorizationIds
      ? [...new Set(body.authorizationIds)]
      : await expiringAuthorizationIds(this.readStore, partnerId, body.expiringWithinDays!, context.now);
    // All or nothing on unknown ids: every one is checked before any request is made.
    for (const [i, id] of ids.entries()) {
      const key = parseAuthorizationId(id);
      const exists = key?.partnerId === partnerId && findAuthorization(await this.facts.binding(key.partnerId, key.sellerId), id);
      if (!exists)
        throw new DomainError('NotFound', 'AUTHORIZATION.NOT_FOUND', `no such authorization: ${id}`, [
          { field: `authorizationIds[${i}]`, message: 'no such authorization' },
        ]);
    }
    if (await this.facts.partnerBanned(partnerId)) throw forbidden('PARTNER.BANNED', 'this partner is banned');
    let requested = 0;
    let position = 0n;
    for (const authorizationId of ids) {
      try {
        // Each request its own key: a retry after a crash finds those made, and makes the others.
        const handled = await this.commands.execute(
          new RunBindingIntent({ type: 'RequestAuthorizationRenewal', authorizationId }, partOf(context, authorizationId)),
        );
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
