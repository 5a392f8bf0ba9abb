// An operator bans a partner or a seller: its own stream, read by every command that involves it.
import type { Actor, Decider, DomainEvent } from '../shared/decider.js';
import { conflict, forbidden } from '../shared/errors.js';
import type { Instant } from '../shared/time.js';

export type BanState = { banned: false } | { banned: true; reason: string; bannedAt: Instant };

export type PartnerBanned = DomainEvent<'PartnerBanned', { partnerId: string; reason: string; bannedAt: Instant }>;
export type SellerBanned = DomainEvent<'SellerBanned', { sellerId: string; reason: string; bannedAt: Instant }>;
export type BanEvent = PartnerBanned | SellerBanned;

export interface BanPartner {
  type: 'BanPartner';
  actor: Actor;
  now: Instant;
  partnerId: string;
  reason: string;
}

export interface BanSeller {
  type: 'BanSeller';
  actor: Actor;
  now: Instant;
  sellerId: string;
  reason: string;
}

export type BanCommand = BanPartner | BanSeller;

export const banDecider: Decider<BanCommand, BanState, BanEvent> = {
  initialState: () => ({ banned: false }),
  evolve: (_state, event) => ({ banned: true, reason: event.data.reason, bannedAt: event.data.bannedAt }),
  decide(command, state) {
    if (command.actor.role !== 'admin') throw forbidden('BAN.ADMIN_ONLY', 'only an operator bans');
    if (state.banned) throw conflict('BAN.ALREADY_BANNED', `already banned since ${state.bannedAt}`);
    const { reason, now: bannedAt } = command;
    return command.type === 'BanPartner'
      ? [{ type: 'PartnerBanned', data: { partnerId: command.partnerId, reason, bannedAt } }]
      : [{ type: 'SellerBanned', data: { sellerId: command.sellerId, reason, bannedAt } }];
  },
};
