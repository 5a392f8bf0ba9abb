// The binding's state as folded from its stream: one authorization per service, granted again in
// place, with a revision counting its own events.
import { describe, expect, it } from '@jest/globals';
import { givenFor } from '../testing/given.js';
import { otherSeller } from '../testing/actors.js';
import { cancellationRejected, cancellationRequested, cancelled, granted, idOf, refOf, removed, renewed } from '../testing/authorization-events.js';
import { ADS } from '../testing/services.js';
import { T0, plusDays } from '../testing/time.js';
import { bindingDecider } from './binding.js';
import type { BindingEvent } from './events.js';
import { effectiveStatus, findAuthorization } from './state.js';

const given = givenFor(bindingDecider);
const ads = (...events: BindingEvent[]) => given(...events).state().authorizations[ADS]!;

describe('revision: the authorization counts its own events', () => {
  it('1 after the grant, one more per event', () => {
    expect(ads(granted()).revision).toBe(1);
    const asked = { type: 'AuthorizationRenewalRequested' as const, data: { ...refOf(), requestedAt: plusDays(T0, 1) } };
    expect(ads(granted(), asked).revision).toBe(2);
    expect(ads(granted(), asked, renewed(plusDays(T0, 2), plusDays(T0, 32))).revision).toBe(3);
    expect(ads(granted(), cancellationRequested(plusDays(T0, 1)), cancellationRejected(plusDays(T0, 2)), cancelled(plusDays(T0, 3))).revision).toBe(4);
  });

  it('events of another service in the same binding do not count', () => {
    expect(ads(granted(), granted({ serviceId: 'svc-reports' }), cancelled(plusDays(T0, 1), 'SELLER_CANCELLED', 'svc-reports')).revision).toBe(1);
  });

  it('granting again keeps counting: the authorization is the same one', () => {
    const again = granted({ grantedAt: plusDays(T0, 5) });
    expect(ads(granted(), cancelled(plusDays(T0, 1)), removed(plusDays(T0, 2)), again)).toMatchObject({
      status: 'ACTIVE',
      revision: 4,
      grantedAt: plusDays(T0, 5),
    });
  });
});

describe('renewing', () => {
  it('answers the renewal request and shows a removed authorization again', () => {
    const asked = { type: 'AuthorizationRenewalRequested' as const, data: { ...refOf(), requestedAt: plusDays(T0, 29) } };
    const renewedAt = plusDays(T0, 40);
    const state = ads(
      granted(),
      asked,
      { type: 'AuthorizationExpired', data: { ...refOf(), endReason: 'EXPIRED', expiredAt: plusDays(T0, 30) } },
      removed(plusDays(T0, 35)),
      renewed(renewedAt, plusDays(renewedAt, 30)),
    );
    expect(state).toMatchObject({ status: 'ACTIVE', renewedAt, expiresAt: plusDays(renewedAt, 30) });
    expect(state.renewalRequestedAt).toBeUndefined();
    expect(state.removedAt).toBeUndefined();
    expect('endReason' in state).toBe(false);
  });
});

describe('effective status', () => {
  it('an ACTIVE authorization whose expiresAt has passed is EXPIRED for everyone', () => {
    expect(effectiveStatus(ads(granted()), plusDays(T0, 29))).toBe('ACTIVE');
    expect(effectiveStatus(ads(granted()), plusDays(T0, 30))).toBe('EXPIRED');
    expect(effectiveStatus(ads(granted(), cancelled(plusDays(T0, 1))), plusDays(T0, 2))).toBe('CANCELLED');
  });
});

describe('finding an authorization by its id', () => {
  it('finds the one of this binding, not one of another seller for the same service', () => {
    const state = given(granted()).state();
    expect(findAuthorization(state, idOf())?.authorizationId).toBe(idOf());
    expect(findAuthorization(state, idOf(ADS, otherSeller.sub))).toBeUndefined();
    expect(findAuthorization(state, 'garbage')).toBeUndefined();
  });
});
