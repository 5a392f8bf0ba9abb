// Step 4: by clicking "Edit" on the my service page the seller edits or renews; the partner
// sends the authorization link again to ask for a renewal.
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { EditAuthorization, RenewAuthorization } from '../binding/commands.js';
import type { BindingEvent } from '../binding/events.js';
import { givenFor } from '../testing/given.js';
import { partner, partnerBanned, seller, system } from '../testing/actors.js';
import { onAuthorization } from '../testing/authorization-commands.js';
import { ENDINGS, FINAL_ENDINGS, cancellationRequested, expired, granted, refOf } from '../testing/authorization-events.js';
import { SHOP_SCOPES, settings } from '../testing/market.js';
import { ADS, aService, deactivatedService } from '../testing/services.js';
import { T0, plusDays, plusHours } from '../testing/time.js';

const given = givenFor(bindingDecider);
const DAY2 = plusDays(T0, 2);
const DAY3 = plusDays(T0, 3);
const EXPIRES = plusDays(T0, 30);
const AFTER_EXPIRY = plusDays(T0, 31);

const edit = (patch: Partial<EditAuthorization>, now = DAY2): EditAuthorization => ({
  type: 'EditAuthorization',
  ...onAuthorization(seller, now),
  service: aService(),
  settings,
  ...patch,
});
const renew = (now = DAY2, patch: Partial<RenewAuthorization> = {}): RenewAuthorization => ({
  type: 'RenewAuthorization',
  ...onAuthorization(seller, now),
  service: aService(),
  ...patch,
});

describe('the seller edits an authorization', () => {
  const fewer = { authorizedObject: 'SHOP' as const, dataCompass: true };

  it('new scopes replace the granted ones', () => {
    given(granted())
      .when(edit({ scopes: fewer }))
      .then({
        type: 'AuthorizationScopesChanged',
        data: { ...refOf(), scopes: { authorizedObject: 'SHOP', shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true }, changedAt: DAY2 },
      });
  });

  it('auto-renew on', () => {
    given(granted())
      .when(edit({ autoRenew: true }))
      .then({ type: 'AuthorizationAutoRenewChanged', data: { ...refOf(), autoRenew: true, changedAt: DAY2 } });
  });

  it('scopes and auto-renew together: two events', () => {
    given(granted())
      .when(edit({ scopes: { ...SHOP_SCOPES, sellerCenterRoles: [] }, autoRenew: true }))
      .then(
        { type: 'AuthorizationScopesChanged', data: { ...refOf(), scopes: { ...SHOP_SCOPES, sellerCenterRoles: [] }, changedAt: DAY2 } },
        { type: 'AuthorizationAutoRenewChanged', data: { ...refOf(), autoRenew: true, changedAt: DAY2 } },
      );
  });

  it('the same values again change nothing: no events', () => {
    given(granted())
      .when(edit({ scopes: SHOP_SCOPES }))
      .thenNothing();
    given(granted())
      .when(edit({ autoRenew: false }))
      .thenNothing();
    given(granted())
      .when(edit({ scopes: { ...SHOP_SCOPES }, autoRenew: false }))
      .thenNothing();
  });

  it('nothing to edit: 422', () => {
    given(granted()).when(edit({})).thenRefused('Rule', 'AUTHORIZATION.EDIT_NOTHING');
  });

  it('a scope the service does not request: 422 naming it', () => {
    given(granted())
      .when(edit({ scopes: { ...SHOP_SCOPES, sellerCenterRoles: ['FINANCE_SPECIALIST'] } }))
      .thenRefused('Rule', 'AUTHORIZATION.SCOPE_NOT_OFFERED', ['scopes.sellerCenterRoles']);
  });

  it("the seller's market rules still hold: a US CB seller cannot add permission roles", () => {
    const usCb = granted({ market: 'US_CB', scopes: { shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true } });
    given(usCb)
      .when(edit({ scopes: { dataCompass: true, sellerCenterRoles: ['ADS_MANAGER'] } }))
      .thenRefused('Rule', 'AUTHORIZATION.SCOPE_NOT_OFFERED', ['scopes.sellerCenterRoles']);
  });

  it('a US L2L seller cannot drop the authorized object', () => {
    given(granted())
      .when(edit({ scopes: { dataCompass: true } }))
      .thenRefused('Rule', 'AUTHORIZATION.SCOPE_NOT_OFFERED', ['scopes.authorizedObject']);
  });

  it('new scopes of a deactivated service: 409', () => {
    given(granted())
      .when(edit({ scopes: fewer, service: deactivatedService() }))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED');
  });

  it.each(ENDINGS)('only an ACTIVE authorization is edited: %s is 409', (_status, end) => {
    given(granted(), end)
      .when(edit({ autoRenew: true }, plusDays(T0, 3)))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it('an ACTIVE authorization past expiresAt is EXPIRED: 409', () => {
    given(granted())
      .when(edit({ autoRenew: true }, EXPIRES))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it('the partner cannot edit: 403', () => {
    given(granted())
      .when(edit({ actor: partner, autoRenew: true }))
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });
});

describe('the seller renews: expiresAt = now + the validity it chose', () => {
  const renewedAt = (at: string) => ({
    type: 'AuthorizationRenewed' as const,
    data: { ...refOf(), renewedAt: at, expiresAt: plusDays(at, 30), autoRenewed: false },
  });

  it('an ACTIVE one', () => given(granted()).when(renew(DAY2)).then(renewedAt(DAY2)));
  it('an EXPIRED one', () => given(granted(), expired(EXPIRES)).when(renew(AFTER_EXPIRY)).then(renewedAt(AFTER_EXPIRY)));
  it('an ACTIVE one whose expiresAt passed before the expiry was recorded', () => given(granted()).when(renew(AFTER_EXPIRY)).then(renewedAt(AFTER_EXPIRY)));

  it("the validity is the one chosen at grant, not the service's", () => {
    given(granted({ validityDays: 7 }))
      .when(renew(DAY2))
      .then({ type: 'AuthorizationRenewed', data: { ...refOf(), renewedAt: DAY2, expiresAt: '2026-03-10T10:00:00.000Z', autoRenewed: false } });
  });

  it('renewing while ACTIVE leaves a pending cancellation request pending', () => {
    const asked = cancellationRequested(plusDays(T0, 1));
    const state = given(granted(), asked, ...given(granted(), asked).when(renew(DAY2)).events()).state().authorizations[ADS]!;
    expect(state).toMatchObject({ status: 'ACTIVE', cancellationRequest: { requestedAt: plusDays(T0, 1) } });
  });

  it('renewing one that already showed EXPIRED starts afresh, whether or not the expiry was recorded: the old request lapsed with it', () => {
    const asked = cancellationRequested(plusHours(EXPIRES, -12)); // due 60 hours after expiresAt
    const recorded = [granted(), asked, expired(EXPIRES)];
    const unrecorded = [granted(), asked];
    const after = (history: BindingEvent[]) =>
      given(
        ...history,
        ...given(...history)
          .when(renew(AFTER_EXPIRY))
          .events(),
      ).state().authorizations[ADS]!;
    expect(after(recorded)).toMatchObject({ status: 'ACTIVE', expiresAt: plusDays(AFTER_EXPIRY, 30) });
    expect('cancellationRequest' in after(recorded)).toBe(false);
    expect('cancellationRequest' in after(unrecorded)).toBe(false);
    // so the old request's due time cannot cancel the renewed authorization
    const renewedUnrecorded = [
      ...unrecorded,
      ...given(...unrecorded)
        .when(renew(AFTER_EXPIRY))
        .events(),
    ];
    const timeOut = { type: 'TimeOutAuthorizationCancellation' as const, ...onAuthorization(system('cancellation-timeout'), plusHours(EXPIRES, 60)) };
    given(...renewedUnrecorded)
      .when(timeOut)
      .thenNothing();
  });

  it.each(FINAL_ENDINGS)('a %s one: 409', (_status, end) => {
    given(granted(), end).when(renew(DAY3)).thenRefused('Conflict', 'AUTHORIZATION.NOT_RENEWABLE');
  });

  it('a deactivated service: 409', () => {
    given(granted())
      .when(renew(DAY2, { service: deactivatedService() }))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED');
    given(granted(), expired(EXPIRES))
      .when(renew(AFTER_EXPIRY, { service: deactivatedService() }))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED');
  });

  it('a banned partner: 409', () => {
    given(granted())
      .when(renew(DAY2, { bans: partnerBanned }))
      .thenRefused('Conflict', 'PARTNER.BANNED');
  });

  it('the partner cannot renew itself: 403 (it sends the link again instead)', () => {
    given(granted())
      .when(renew(DAY2, { actor: partner }))
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });
});

describe('the partner asks the seller to renew (sends the authorization link again)', () => {
  const ask = (now: string) => ({ type: 'RequestAuthorizationRenewal' as const, ...onAuthorization(partner, now) });
  const asked = (at: string) => ({ type: 'AuthorizationRenewalRequested' as const, data: { ...refOf(), requestedAt: at } });

  it('for an ACTIVE one', () => given(granted()).when(ask(DAY2)).then(asked(DAY2)));
  it('for an EXPIRED one', () => given(granted(), expired(EXPIRES)).when(ask(AFTER_EXPIRY)).then(asked(AFTER_EXPIRY)));
  it('for one past expiresAt', () => given(granted()).when(ask(AFTER_EXPIRY)).then(asked(AFTER_EXPIRY)));
  it.each(FINAL_ENDINGS)('not for a %s one: 409', (_status, end) => {
    given(granted(), end).when(ask(DAY3)).thenRefused('Conflict', 'AUTHORIZATION.NOT_RENEWABLE');
  });

  it('only the partner asks: the seller is 403', () => {
    given(granted())
      .when({ ...ask(DAY2), actor: seller })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });
});
