// When expiresAt passes the system expires the authorization, unless the seller turned
// auto-renew on and the service is still active: then the system renews it.
import { describe, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { Bans, PublishedService } from '../binding/commands.js';
import { givenFor } from '../testing/given.js';
import { admin, noBans, partnerBanned, seller, sellerBanned, system } from '../testing/actors.js';
import { onAuthorization } from '../testing/authorization-commands.js';
import { ENDINGS, cancellationRequested, cancelled, expired, granted, refOf, renewed } from '../testing/authorization-events.js';
import { aService, deactivatedService } from '../testing/services.js';
import { T0, plusDays, plusHours, plusMs } from '../testing/time.js';

const given = givenFor(bindingDecider);
const EXPIRES = plusDays(T0, 30);
const RUN = plusHours(EXPIRES, 2); // the expiry process runs a little late

const expire = (now = RUN, service: PublishedService | undefined = aService(), bans: Bans = noBans, actor = system('expiry')) => ({
  type: 'ExpireAuthorization' as const,
  ...onAuthorization(actor, now),
  bans,
  service,
});
const autoRenewing = granted({ autoRenew: true });

describe('expiresAt passed without renewal', () => {
  it('the authorization is EXPIRED as of its expiresAt, not as of when the system noticed', () => {
    given(granted()).when(expire(RUN)).then(expired(EXPIRES));
  });

  it('at expiresAt exactly it expires', () => given(granted()).when(expire(EXPIRES)).then(expired(EXPIRES)));

  it('before expiresAt nothing happens', () =>
    given(granted())
      .when(expire(plusMs(EXPIRES, -1)))
      .thenNothing());

  it('a renewed authorization runs to its new expiresAt', () => {
    const renewedAt = plusDays(T0, 20);
    given(granted(), renewed(renewedAt, plusDays(renewedAt, 30)))
      .when(expire(RUN))
      .thenNothing();
    given(granted(), renewed(renewedAt, plusDays(renewedAt, 30)))
      .when(expire(plusDays(renewedAt, 30)))
      .then(expired(plusDays(renewedAt, 30)));
  });
});

describe('auto-renew on: the system renews it instead', () => {
  it('renewed from now for the validity the seller chose, marked autoRenewed', () => {
    given(autoRenewing)
      .when(expire(RUN))
      .then({ type: 'AuthorizationRenewed', data: { ...refOf(), renewedAt: RUN, expiresAt: plusDays(RUN, 30), autoRenewed: true } });
  });

  it('auto-renew turned on after the grant counts', () => {
    const turnedOn = { type: 'AuthorizationAutoRenewChanged' as const, data: { ...refOf(), autoRenew: true, changedAt: plusDays(T0, 1) } };
    given(granted(), turnedOn)
      .when(expire(RUN))
      .then(renewed(RUN, plusDays(RUN, 30), true));
  });

  it('auto-renew turned off again: it expires', () => {
    const turnedOff = { type: 'AuthorizationAutoRenewChanged' as const, data: { ...refOf(), autoRenew: false, changedAt: plusDays(T0, 1) } };
    given(autoRenewing, turnedOff).when(expire(RUN)).then(expired(EXPIRES));
  });

  it('the service was deactivated: it expires', () => given(autoRenewing).when(expire(RUN, deactivatedService())).then(expired(EXPIRES)));
  it('the service cannot be read: it expires', () =>
    given(autoRenewing)
      .when({ ...expire(RUN), service: undefined })
      .then(expired(EXPIRES)));
  it('the partner is banned: it expires', () =>
    given(autoRenewing)
      .when(expire(RUN, aService(), partnerBanned))
      .then(expired(EXPIRES)));
  it('the seller is banned: it expires', () =>
    given(autoRenewing)
      .when(expire(RUN, aService(), sellerBanned))
      .then(expired(EXPIRES)));
});

describe('auto-renewal is a seamless continuation', () => {
  it('a pending cancellation request due after expiresAt stays pending, and still cancels when it falls due', () => {
    const asked = cancellationRequested(plusHours(EXPIRES, -1)); // due 71 hours after expiresAt
    const renewal = given(autoRenewing, asked).when(expire(RUN)).events();
    const dueAt = plusHours(EXPIRES, 71);
    const timeOut = { type: 'TimeOutAuthorizationCancellation' as const, ...onAuthorization(system('cancellation-timeout'), dueAt) };
    given(autoRenewing, asked, ...renewal)
      .when(timeOut)
      .then(cancelled(dueAt, 'PARTNER_CANCELLATION_TIMEOUT'));
  });
});

describe('nothing to expire', () => {
  it.each(ENDINGS)('an authorization already %s', (_s, end) => {
    given(granted(), end).when(expire(RUN)).thenNothing();
  });

  it('an authorization never granted', () => given().when(expire(RUN)).thenNothing());

  it("a pending cancellation request that fell due first is the timeout's to settle", () => {
    const askedEarly = plusHours(EXPIRES, -72); // due exactly at expiresAt
    given(granted(), cancellationRequested(askedEarly)).when(expire(RUN)).thenNothing();
    given(autoRenewing, cancellationRequested(plusDays(T0, 10)))
      .when(expire(RUN))
      .thenNothing();
  });

  it('a pending request due after expiresAt does not stop the expiry', () => {
    given(granted(), cancellationRequested(plusHours(EXPIRES, -1)))
      .when(expire(RUN))
      .then(expired(EXPIRES));
  });
});

describe('only the system expires', () => {
  it.each([
    ['seller', seller],
    ['admin', admin],
  ] as const)('a %s asking is 403', (_who, actor) => {
    given(granted())
      .when(expire(RUN, aService(), noBans, actor))
      .thenRefused('Forbidden', 'SYSTEM.ONLY');
  });
});
