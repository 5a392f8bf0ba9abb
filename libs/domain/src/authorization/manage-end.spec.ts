// Ending an authorization: only the seller cancels, the platform deactivates, and the seller
// removes an ended one from its my service page (it can be granted again later).
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { DeactivateAuthorization } from '../binding/commands.js';
import type { DeactivationEndReason } from '../binding/events.js';
import { givenFor } from '../testing/given.js';
import { admin, partner, seller, system } from '../testing/actors.js';
import { grantItem, grantOf, onAuthorization } from '../testing/authorization-commands.js';
import { ENDINGS, cancellationRequested, cancelled, deactivated, granted, refOf, removed } from '../testing/authorization-events.js';
import { SHOP_SCOPES } from '../testing/market.js';
import { ADS } from '../testing/services.js';
import { T0, plusDays } from '../testing/time.js';

const given = givenFor(bindingDecider);
const DAY2 = plusDays(T0, 2);
const DAY3 = plusDays(T0, 3);
const DAY4 = plusDays(T0, 4);
const EXPIRES = plusDays(T0, 30);

describe('the seller cancels: the binding with the partner is cut', () => {
  const cancel = (now = DAY2, reason?: string) => ({ type: 'CancelAuthorization' as const, ...onAuthorization(seller, now), ...(reason && { reason }) });

  it('an ACTIVE authorization becomes CANCELLED, endReason SELLER_CANCELLED', () => {
    given(granted())
      .when(cancel(DAY2, 'no longer needed'))
      .then({ type: 'AuthorizationCancelled', data: { ...refOf(), endReason: 'SELLER_CANCELLED', reason: 'no longer needed', cancelledAt: DAY2 } });
  });

  it('while a partner cancellation request is pending the seller may still cancel it itself', () => {
    given(granted(), cancellationRequested(plusDays(T0, 1)))
      .when(cancel(DAY2))
      .then(cancelled(DAY2, 'SELLER_CANCELLED'));
  });

  it('only the seller can cancel: a partner cancelling is 403', () => {
    given(granted())
      .when({ ...cancel(), actor: partner })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });

  it('an operator cannot cancel for the seller: 403 (it deactivates instead)', () => {
    given(granted())
      .when({ ...cancel(), actor: admin })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });

  it.each(ENDINGS)('a %s authorization cannot be cancelled: 409', (_s, end) => {
    given(granted(), end)
      .when(cancel(plusDays(T0, 31)))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it('one past expiresAt is EXPIRED already: 409', () => {
    given(granted()).when(cancel(EXPIRES)).thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });
});

describe('the seller removes an authorization from its my service page', () => {
  const remove = (now = DAY3) => ({ type: 'RemoveAuthorization' as const, ...onAuthorization(seller, now) });

  it.each(ENDINGS)('a %s one is removed', (_s, end) => {
    given(granted(), end)
      .when(remove(plusDays(T0, 31)))
      .then(removed(plusDays(T0, 31)));
  });

  it('one past expiresAt (EXPIRED for everyone) is removed', () => {
    given(granted()).when(remove(EXPIRES)).then(removed(EXPIRES));
  });

  it('an ACTIVE one is not: 409, cancel it first', () => {
    given(granted()).when(remove(DAY2)).thenRefused('Conflict', 'AUTHORIZATION.STILL_ACTIVE');
  });

  it('removing twice: 409', () => {
    given(granted(), cancelled(DAY2), removed(DAY3)).when(remove(DAY4)).thenRefused('Conflict', 'AUTHORIZATION.ALREADY_REMOVED');
  });

  it('the partner cannot remove it from the seller page: 403', () => {
    given(granted(), cancelled(DAY2))
      .when({ ...remove(), actor: partner })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });

  it('a re-grant after removal shows it again, ACTIVE, under the same id', () => {
    const history = [granted(), cancelled(DAY2), removed(DAY3)];
    const regrant = given(...history).when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 30 })], { now: DAY4 }));
    regrant.then(granted({ grantedAt: DAY4 }));
    const after = given(...history, ...regrant.events()).state().authorizations[ADS]!;
    expect(after).toMatchObject({ authorizationId: refOf().authorizationId, status: 'ACTIVE' });
    expect(after.removedAt).toBeUndefined();
  });
});

describe('the platform deactivates an authorization', () => {
  const deactivate = (actor = admin, now = DAY2, endReason: DeactivationEndReason = 'ADMIN_DEACTIVATED', reason?: string): DeactivateAuthorization => ({
    type: 'DeactivateAuthorization',
    ...onAuthorization(actor, now),
    endReason,
    ...(reason && { reason }),
  });

  it('an operator deactivates an ACTIVE one: DEACTIVATED, ADMIN_DEACTIVATED', () => {
    given(granted())
      .when(deactivate(admin, DAY2, 'ADMIN_DEACTIVATED', 'policy breach'))
      .then({ type: 'AuthorizationDeactivated', data: { ...refOf(), endReason: 'ADMIN_DEACTIVATED', reason: 'policy breach', deactivatedAt: DAY2 } });
  });

  it.each(ENDINGS)('an operator deactivating a %s one: 409', (_s, end) => {
    given(granted(), end)
      .when(deactivate(admin, plusDays(T0, 31)))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it('an operator deactivating one past expiresAt: 409', () => {
    given(granted()).when(deactivate(admin, EXPIRES)).thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it.each<DeactivationEndReason>(['SERVICE_DEACTIVATED', 'PARTNER_BANNED', 'SELLER_BANNED', 'ADMIN_DEACTIVATED'])(
    'the system cascades with endReason %s',
    (endReason) => {
      given(granted())
        .when(deactivate(system('cascade'), DAY2, endReason))
        .then(deactivated(DAY2, endReason));
    },
  );

  it('the system quietly does nothing to one that is not ACTIVE', () => {
    given(granted(), cancelled(DAY2))
      .when(deactivate(system('cascade'), DAY3, 'SERVICE_DEACTIVATED'))
      .thenNothing();
    given(granted(), deactivated(DAY2))
      .when(deactivate(system('cascade'), DAY3, 'PARTNER_BANNED'))
      .thenNothing();
  });

  it('the system leaves one past expiresAt to the expiry', () => {
    given(granted())
      .when(deactivate(system('cascade'), EXPIRES, 'SERVICE_DEACTIVATED'))
      .thenNothing();
  });

  it('the system finds nothing to deactivate for an authorization never granted', () => {
    given()
      .when(deactivate(system('cascade'), DAY2, 'SELLER_BANNED'))
      .thenNothing();
  });

  it('neither the seller nor the partner deactivates: 403', () => {
    given(granted()).when(deactivate(seller)).thenRefused('Forbidden', 'AUTHORIZATION.ADMIN_ONLY');
    given(granted()).when(deactivate(partner)).thenRefused('Forbidden', 'AUTHORIZATION.ADMIN_ONLY');
  });

  it('an operator deactivating an authorization that does not exist: 404', () => {
    given().when(deactivate(admin)).thenRefused('NotFound', 'AUTHORIZATION.NOT_FOUND');
  });
});
