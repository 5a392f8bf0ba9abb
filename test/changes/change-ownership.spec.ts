// The ownership function of the change stream, given an event (its stream and data) and a
// principal, then whether the principal's stream carries it and the ids it shows: every event
// type of the contract, every role, the owner and a stranger of each kind.
import { describe, expect, it } from '@jest/globals';
import { audienceOf, authorizationIdOf, changeOf, EVENT_TYPES, mayWatch, proposalIdOf, streams, type Watcher } from '#libs/domain';

const PARTNER = 'partner-1';
const SELLER = 'shop-1';
const SERVICE = 'svc_ads';
const AU = authorizationIdOf({ partnerId: PARTNER, sellerId: SELLER, serviceId: SERVICE });
const PR = proposalIdOf({ partnerId: PARTNER, sellerId: SELLER, nonce: 'n1' });
const AT = '2026-03-01T10:00:00.000Z';
const BINDING = streams.binding(PARTNER, SELLER);
const auRef = { authorizationId: AU, partnerId: PARTNER, sellerId: SELLER, serviceId: SERVICE };
const prRef = { proposalId: PR, partnerId: PARTNER, sellerId: SELLER };

type Given = { streamName: string; data: Record<string, unknown> };
/** One event of each type as its decider writes it (the fields the ownership can read). */
const GIVEN: Record<string, Given> = {
  ServicePublished: { streamName: streams.service(SERVICE), data: { serviceId: SERVICE, partnerId: PARTNER, name: 'Ads', publishedAt: AT } },
  ServiceDeactivated: { streamName: streams.service(SERVICE), data: { serviceId: SERVICE, partnerId: PARTNER, cause: 'PARTNER', deactivatedAt: AT } },
  AuthorizationGranted: { streamName: BINDING, data: { ...auRef, serviceName: 'Ads', grantedAt: AT, proposalId: PR } },
  AuthorizationScopesChanged: { streamName: BINDING, data: { ...auRef, changedAt: AT } },
  AuthorizationAutoRenewChanged: { streamName: BINDING, data: { ...auRef, autoRenew: true, changedAt: AT } },
  AuthorizationRenewalRequested: { streamName: BINDING, data: { ...auRef, requestedAt: AT } },
  AuthorizationRenewed: { streamName: BINDING, data: { ...auRef, renewedAt: AT } },
  AuthorizationCancellationRequested: { streamName: BINDING, data: { ...auRef, reason: 'x', requestedAt: AT } },
  AuthorizationCancellationRejected: { streamName: BINDING, data: { ...auRef, rejectedAt: AT } },
  AuthorizationCancelled: { streamName: BINDING, data: { ...auRef, endReason: 'SELLER_CANCELLED', cancelledAt: AT } },
  AuthorizationExpired: { streamName: BINDING, data: { ...auRef, endReason: 'EXPIRED', expiredAt: AT } },
  AuthorizationDeactivated: { streamName: BINDING, data: { ...auRef, endReason: 'PARTNER_BANNED', deactivatedAt: AT } },
  AuthorizationRemoved: { streamName: BINDING, data: { ...auRef, removedAt: AT } },
  PartnerBanned: { streamName: streams.partner(PARTNER), data: { partnerId: PARTNER, reason: 'fraud', bannedAt: AT } },
  SellerBanned: { streamName: streams.seller(SELLER), data: { sellerId: SELLER, reason: 'fraud', bannedAt: AT } },
  ProposalCreated: { streamName: BINDING, data: { ...prRef, sellerMarket: 'US_L2L', createdAt: AT } },
  ProposalWithdrawn: { streamName: BINDING, data: { ...prRef, withdrawnAt: AT } },
  ProposalSigned: { streamName: BINDING, data: { ...prRef, authorizationIds: [AU], signedAt: AT } },
  ProposalDeclined: { streamName: BINDING, data: { ...prRef, declinedAt: AT } },
  ProposalExpired: { streamName: BINDING, data: { ...prRef, expiredAt: AT } },
  ProposalFailed: { streamName: BINDING, data: { ...prRef, reason: 'R', detail: 'd', serviceId: SERVICE, failedAt: AT } },
  WebhookSubscribed: { streamName: streams.webhook('wh_1'), data: { webhookId: 'wh_1', partnerId: PARTNER, url: 'https://x', sealedSecret: 's' } },
  WebhookUnsubscribed: { streamName: streams.webhook('wh_1'), data: { webhookId: 'wh_1', partnerId: PARTNER, unsubscribedAt: AT } },
  // Written by the secret rotations of another branch; kept here so that the check below covers it wherever it exists.
  WebhookSecretRotated: {
    streamName: streams.webhook('wh_1'),
    data: { webhookId: 'wh_1', partnerId: PARTNER, sealedSecret: 's', rotatedAt: AT, previousSecretExpiresAt: AT },
  },
};

const owner = { partner: { role: 'partner', sub: PARTNER }, seller: { role: 'seller', sub: SELLER } };
const strangers: Watcher[] = [
  { role: 'partner', sub: 'partner-2' },
  { role: 'seller', sub: 'shop-2' },
  // Ids that share a prefix or meet the other side's id must not match either.
  { role: 'partner', sub: SELLER },
  { role: 'seller', sub: PARTNER },
  { role: 'partner', sub: 'partner' },
  { role: 'system', sub: 'cascade' },
];
const operators: Watcher[] = [
  { role: 'auditor', sub: 'auditor-1' },
  { role: 'admin', sub: 'operator-1' },
];

/** API.md: a partner sees its services, authorizations, proposals and webhooks; a seller its authorizations and the proposals addressed to it. */
const partnerSees = (type: string) => /^(Service|Authorization|Proposal|Webhook)/.test(type);
const sellerSees = (type: string) => /^(Authorization|Proposal)/.test(type);

const event = (type: string, position = 7n) => ({ ...GIVEN[type]!, type, position });

describe('who sees an event on GET /v1/changes', () => {
  it('has a case for every event type of the contract', () => {
    expect(EVENT_TYPES.filter((type) => !GIVEN[type])).toEqual([]);
  });

  describe.each(EVENT_TYPES)('given %s', (type) => {
    it(`the owning partner ${partnerSees(type) ? 'sees' : 'does not see'} it, the seller ${sellerSees(type) ? 'sees' : 'does not see'} it`, () => {
      expect(mayWatch(owner.partner, event(type))).toBe(partnerSees(type));
      expect(mayWatch(owner.seller, event(type))).toBe(sellerSees(type));
    });

    it('auditor and admin see it', () => {
      for (const w of operators) expect([w.role, mayWatch(w, event(type))]).toEqual([w.role, true]);
    });

    it('no other partner, seller or role sees it', () => {
      for (const w of strangers) expect([w, mayWatch(w, event(type))]).toEqual([w, false]);
    });

    it('shows ids only, as strings, and the position', () => {
      const change = changeOf(event(type, 12345678901234567890n));
      expect(change.position).toBe('12345678901234567890');
      expect(change.type).toBe(type);
      expect(Object.keys(change.ids).every((k) => ['serviceId', 'partnerId', 'sellerId', 'authorizationId', 'proposalId'].includes(k))).toBe(true);
      expect(JSON.stringify(change)).not.toMatch(/sealedSecret|reason|"url"/);
    });
  });

  it('gives each kind of event the ids a client needs to read its view', () => {
    expect(changeOf(event('ServicePublished')).ids).toEqual({ serviceId: SERVICE, partnerId: PARTNER });
    expect(changeOf(event('AuthorizationGranted')).ids).toEqual({
      serviceId: SERVICE,
      partnerId: PARTNER,
      sellerId: SELLER,
      authorizationId: AU,
      proposalId: PR,
    });
    expect(changeOf(event('ProposalCreated')).ids).toEqual({ partnerId: PARTNER, sellerId: SELLER, proposalId: PR });
    expect(changeOf(event('WebhookSubscribed')).ids).toEqual({ partnerId: PARTNER });
    expect(changeOf(event('SellerBanned')).ids).toEqual({ sellerId: SELLER });
  });

  it('reads the partner and seller of a binding from its stream, and derives an authorization id left out of the data', () => {
    const bare = { streamName: BINDING, type: 'AuthorizationRenewed', data: { serviceId: SERVICE, renewedAt: AT }, position: 3n };
    expect(audienceOf(bare)).toEqual({ partnerId: PARTNER, sellerId: SELLER });
    expect(changeOf(bare).ids).toEqual({ serviceId: SERVICE, partnerId: PARTNER, sellerId: SELLER, authorizationId: AU });
    // Ids with dashes and percent signs (escaped in stream names) read back exactly.
    const odd = { streamName: streams.binding('p-1%x', 's-2'), type: 'ProposalCreated', data: {}, position: 4n };
    expect(audienceOf(odd)).toEqual({ partnerId: 'p-1%x', sellerId: 's-2' });
    expect(mayWatch({ role: 'seller', sub: 's' }, odd)).toBe(false);
    expect(mayWatch({ role: 'partner', sub: 'p' }, odd)).toBe(false);
  });

  it('fails closed: data that disagrees with its stream, an unknown stream or no partner is for operators only', () => {
    const cases = [
      { streamName: BINDING, data: { ...auRef, partnerId: 'partner-2' } },
      { streamName: BINDING, data: { ...auRef, sellerId: 'shop-2' } },
      { streamName: streams.service(SERVICE), data: { serviceId: 'svc_other', partnerId: PARTNER } },
      { streamName: streams.service(SERVICE), data: { serviceId: SERVICE } },
      { streamName: streams.webhook('wh_1'), data: { webhookId: 'wh_2', partnerId: PARTNER } },
      { streamName: 'something-else', data: { partnerId: PARTNER, sellerId: SELLER } },
      { streamName: `binding-${PARTNER}-${SELLER}-extra`, data: {} },
      { streamName: BINDING, data: null },
    ];
    for (const c of cases) {
      const e = { ...c, type: 'AuthorizationGranted', position: 1n };
      expect([c, mayWatch(owner.partner, e), mayWatch(owner.seller, e), mayWatch(operators[0]!, e)]).toEqual([c, c.data === null, c.data === null, true]);
    }
  });
});
