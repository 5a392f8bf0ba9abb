// What the seller's my service page and the partner's Seller management page show.
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { BindingEvent, ProposalCreated } from '../binding/events.js';
import { proposalIdOf } from '../shared/ids.js';
import { givenFor } from '../testing/given.js';
import { partner, seller } from '../testing/actors.js';
import { cancellationRequested, cancelled, granted, idOf } from '../testing/authorization-events.js';
import { SHOP_SCOPES } from '../testing/market.js';
import { ADS } from '../testing/services.js';
import { T0, plusDays, plusMs } from '../testing/time.js';
import { authorizationView, proposalView } from './view.js';

const given = givenFor(bindingDecider);
const EXPIRES = plusDays(T0, 30);
const viewAt = (now: string, ...events: BindingEvent[]) => authorizationView(given(...events).state().authorizations[ADS]!, now);

describe('the authorization view', () => {
  it('an ACTIVE authorization shows what was granted', () => {
    expect(viewAt(plusDays(T0, 1), granted())).toMatchObject({
      authorizationId: idOf(),
      partnerId: partner.sub,
      sellerId: seller.sub,
      serviceId: ADS,
      serviceName: 'Ads optimisation',
      market: 'US_L2L',
      status: 'ACTIVE',
      scopes: SHOP_SCOPES,
      validityDays: 30,
      autoRenew: false,
      grantedAt: T0,
      expiresAt: EXPIRES,
      updatedAt: T0,
      revision: 1,
    });
    expect(viewAt(plusDays(T0, 1), granted()).endReason).toBeUndefined();
  });

  it('a cancellation request left unanswered for 72 hours shows CANCELLED at its due time, before the timeout event', () => {
    const asked = plusDays(T0, 1);
    const due = plusDays(asked, 3);
    expect(viewAt(plusMs(due, -1), granted(), cancellationRequested(asked)).status).toBe('ACTIVE');
    const view = viewAt(due, granted(), cancellationRequested(asked));
    expect(view).toMatchObject({ status: 'CANCELLED', endReason: 'PARTNER_CANCELLATION_TIMEOUT', endedAt: due });
    expect(view.cancellationRequest).toBeUndefined();
  });

  it('an ACTIVE authorization past its expiresAt shows EXPIRED, ended at expiresAt, before the expiry event', () => {
    const view = viewAt(EXPIRES, granted());
    expect(view).toMatchObject({ status: 'EXPIRED', endReason: 'EXPIRED', endedAt: EXPIRES, expiresAt: EXPIRES });
    expect(viewAt(plusDays(T0, 45), granted())).toMatchObject({ status: 'EXPIRED', endReason: 'EXPIRED', endedAt: EXPIRES });
    expect(viewAt(plusMs(EXPIRES, -1), granted()).status).toBe('ACTIVE');
  });

  it('a pending cancellation request shows while ACTIVE, and no longer once it shows EXPIRED', () => {
    const asked = plusDays(T0, 29);
    expect(viewAt(plusDays(T0, 29), granted(), cancellationRequested(asked)).cancellationRequest).toEqual({
      requestedAt: asked,
      reason: 'we are closing the agency',
      dueAt: plusDays(T0, 32),
    });
    expect(viewAt(EXPIRES, granted(), cancellationRequested(asked)).cancellationRequest).toBeUndefined();
  });

  it('a CANCELLED authorization shows why and when it ended', () => {
    const at = plusDays(T0, 3);
    expect(viewAt(plusDays(T0, 40), granted(), cancelled(at))).toMatchObject({
      status: 'CANCELLED',
      endReason: 'SELLER_CANCELLED',
      endedAt: at,
      updatedAt: at,
      revision: 2,
    });
  });
});

describe('the proposal view', () => {
  const proposalId = proposalIdOf({ partnerId: partner.sub, sellerId: seller.sub, nonce: 'n1' });
  const created: ProposalCreated = {
    type: 'ProposalCreated',
    data: {
      proposalId,
      partnerId: partner.sub,
      sellerId: seller.sub,
      sellerMarket: 'US_L2L',
      services: [{ serviceId: ADS, serviceName: 'Ads optimisation', scopes: SHOP_SCOPES, validityDays: 30 }],
      createdAt: T0,
      expiresAt: plusDays(T0, 30),
    },
  };
  const view = (now: string, ...events: BindingEvent[]) => proposalView(given(...events).state().proposals[proposalId]!, now);

  it('PENDING until it expires', () => {
    expect(view(plusDays(T0, 1), created)).toMatchObject({ proposalId, status: 'PENDING', createdAt: T0, expiresAt: plusDays(T0, 30) });
    expect(view(plusDays(T0, 1), created).endedAt).toBeUndefined();
  });

  it('a PENDING proposal past expiresAt shows EXPIRED, ended at expiresAt', () => {
    expect(view(plusDays(T0, 30), created)).toMatchObject({ status: 'EXPIRED', endedAt: plusDays(T0, 30) });
  });

  it('a declined proposal shows DECLINED with the reason', () => {
    const declined = {
      type: 'ProposalDeclined' as const,
      data: { proposalId, partnerId: partner.sub, sellerId: seller.sub, reason: 'too pricey', declinedAt: plusDays(T0, 2) },
    };
    expect(view(plusDays(T0, 40), created, declined)).toMatchObject({ status: 'DECLINED', endedAt: plusDays(T0, 2), endReason: 'too pricey' });
  });
});
