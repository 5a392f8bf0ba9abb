// An operator bans a partner or a seller; from then on its commands are 403.
import { describe, it } from '@jest/globals';
import { givenFor } from '../testing/given.js';
import { admin, auditor, partner, seller, system } from '../testing/actors.js';
import { type BanEvent, banDecider } from './ban.js';

const given = givenFor(banDecider);
const NOW = '2026-03-01T10:00:00.000Z';
const banPartner = (actor = admin) => ({ type: 'BanPartner' as const, actor, now: NOW, partnerId: partner.sub, reason: 'fraud' });
const banSeller = (actor = admin) => ({ type: 'BanSeller' as const, actor, now: NOW, sellerId: seller.sub, reason: 'counterfeits' });
const partnerBanned: BanEvent = { type: 'PartnerBanned', data: { partnerId: partner.sub, reason: 'fraud', bannedAt: '2026-02-01T00:00:00.000Z' } };
const sellerBanned: BanEvent = { type: 'SellerBanned', data: { sellerId: seller.sub, reason: 'counterfeits', bannedAt: '2026-02-01T00:00:00.000Z' } };

describe('an operator bans', () => {
  it('a partner', () =>
    given()
      .when(banPartner())
      .then({ type: 'PartnerBanned', data: { partnerId: partner.sub, reason: 'fraud', bannedAt: NOW } }));
  it('a seller', () =>
    given()
      .when(banSeller())
      .then({ type: 'SellerBanned', data: { sellerId: seller.sub, reason: 'counterfeits', bannedAt: NOW } }));

  it('twice: 409', () => {
    given(partnerBanned).when(banPartner()).thenRefused('Conflict', 'BAN.ALREADY_BANNED');
    given(sellerBanned).when(banSeller()).thenRefused('Conflict', 'BAN.ALREADY_BANNED');
  });

  it.each([
    ['a partner', partner],
    ['a seller', seller],
    ['an auditor', auditor],
    ['the system', system('anything')],
  ])('only operators ban: %s is 403', (_who, actor) => {
    given().when(banPartner(actor)).thenRefused('Forbidden', 'BAN.ADMIN_ONLY');
    given().when(banSeller(actor)).thenRefused('Forbidden', 'BAN.ADMIN_ONLY');
  });
});
