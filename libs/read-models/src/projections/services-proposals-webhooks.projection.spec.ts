// The partner's services, both sides' proposals and the partner's webhooks: given events, then
// the documents their read models hold.
import { describe, it } from '@jest/globals';
import { partner, seller } from '../../../domain/src/testing/actors.js';
import { SHOP_SCOPES } from '../../../domain/src/testing/market.js';
import { PROPOSAL_ID, proposalCreated, proposalRef } from '../../../domain/src/testing/proposals.js';
import { aService } from '../../../domain/src/testing/services.js';
import { T0, plusDays } from '../../../domain/src/testing/time.js';
import { givenProjection } from '../testing/given.js';
import { proposalsProjection } from './proposals.projection.js';
import { servicesProjection } from './services.projection.js';
import { webhooksProjection } from './webhooks.projection.js';

const { status: _status, ...facts } = aService();
const published = { type: 'ServicePublished', data: facts };

describe('services projection', () => {
  const given = givenProjection(servicesProjection);

  it('a published service is listed ACTIVE with what it requests', () => given(published).then({ [facts.serviceId]: { ...facts, status: 'ACTIVE' } }));

  it('a deactivated one stays, DEACTIVATED, with when and why', () => {
    const at = plusDays(T0, 1);
    given(published, {
      type: 'ServiceDeactivated',
      data: { serviceId: facts.serviceId, partnerId: partner.sub, cause: 'PARTNER', deactivatedAt: at },
    }).thenDocument(facts.serviceId, {
      ...facts,
      status: 'DEACTIVATED',
      deactivatedAt: at,
      cause: 'PARTNER',
    });
  });
});

describe('proposals projection', () => {
  const given = givenProjection(proposalsProjection);
  const created = proposalCreated({ message: 'Let us run your ads' });
  const pending = {
    ...proposalRef,
    sellerMarket: 'US_L2L' as const,
    services: [{ serviceId: 'svc-ads', serviceName: 'Ads optimisation', scopes: SHOP_SCOPES, validityDays: 30 }],
    message: 'Let us run your ads',
    createdAt: T0,
    expiresAt: plusDays(T0, 30),
  };

  it('an offer is PENDING for both sides', () => given(created).then({ [PROPOSAL_ID]: { ...pending, status: 'PENDING' } }));

  it('the seller declines it, with a reason', () => {
    const at = plusDays(T0, 2);
    given(created, { type: 'ProposalDeclined', data: { ...proposalRef, declinedAt: at, reason: 'not now' } }).thenDocument(PROPOSAL_ID, {
      ...pending,
      status: 'DECLINED',
      endedAt: at,
      endReason: 'not now',
    });
  });

  it('the seller signs it', () => {
    const at = plusDays(T0, 1);
    given(created, { type: 'ProposalSigned', data: { ...proposalRef, signedAt: at } }).thenDocument(PROPOSAL_ID, { ...pending, status: 'SIGNED', endedAt: at });
  });
});

describe('webhooks projection', () => {
  const given = givenProjection(webhooksProjection);
  const subscribed = {
    type: 'WebhookSubscribed',
    data: {
      webhookId: 'wh_1',
      partnerId: partner.sub,
      url: 'https://partner.example/hooks',
      eventTypes: ['AUTHORIZATION_GRANTED'],
      createdAt: T0,
      sealedSecret: 'sealed',
    },
  };

  it('a subscription is listed without its sealed secret', () =>
    given(subscribed).then({
      wh_1: { webhookId: 'wh_1', partnerId: partner.sub, url: 'https://partner.example/hooks', eventTypes: ['AUTHORIZATION_GRANTED'], createdAt: T0 },
    }));

  it('an unsubscribed one is gone', () =>
    given(subscribed, { type: 'WebhookUnsubscribed', data: { webhookId: 'wh_1', partnerId: partner.sub, unsubscribedAt: T0 } }).thenDocument('wh_1', null));

  it('other events leave it untouched', () => given({ type: 'AuthorizationGranted', data: { authorizationId: 'au_x', sellerId: seller.sub } }).thenNothing());
});
