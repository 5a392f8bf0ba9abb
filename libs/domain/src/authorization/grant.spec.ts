// Step 3: the seller opens the authorization link and authorizes one or several services at once.
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { AuthorizationGranted } from '../binding/events.js';
import { givenFor } from '../testing/given.js';
import { admin, otherPartner, otherSeller, partner, partnerBanned, seller, sellerBanned } from '../testing/actors.js';
import { grantItem, grantOf } from '../testing/authorization-commands.js';
import { cancelled, deactivated, expired, granted, idOf } from '../testing/authorization-events.js';
import { SHOP_SCOPES } from '../testing/market.js';
import { ADS, aService, deactivatedService } from '../testing/services.js';
import { T0, plusDays } from '../testing/time.js';

const given = givenFor(bindingDecider);
const LATER = plusDays(T0, 40); // after the first 30-day authorization ran out

describe('granting a service the seller never authorized', () => {
  it('the authorization becomes ACTIVE for the validity the seller chose, counted from the grant', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 30 })]))
      .then(granted({ validityDays: 30, grantedAt: T0, expiresAt: '2026-03-31T10:00:00.000Z' }));
  });

  it("without a chosen validity it lasts the service's validity", () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES)]))
      .then(granted({ validityDays: 180, expiresAt: '2026-08-28T10:00:00.000Z' }));
  });

  it('the seller may turn auto-renew on at grant; it is off unless asked', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 30, autoRenew: true })]))
      .then(granted({ autoRenew: true }));
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 30, autoRenew: false })]))
      .then(granted({ autoRenew: false }));
  });

  it('the authorization id names the partner, the seller and the service', () => {
    const [event] = given()
      .when(grantOf([grantItem(SHOP_SCOPES)]))
      .events();
    expect(event!.data).toMatchObject({ authorizationId: idOf(ADS, seller.sub), partnerId: partner.sub, sellerId: seller.sub, serviceId: ADS });
  });

  it("a validity longer than the service's is 422 naming validityDays", () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 181 })]))
      .thenRefused('Rule', 'AUTHORIZATION.VALIDITY_TOO_LONG', ['grants[0].validityDays']);
  });

  it("the service's own validity is the longest allowed", () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 180 })]))
      .then(granted({ validityDays: 180 }));
  });

  it('a validity under one day is 422', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 0 })]))
      .thenRefused('Rule', 'AUTHORIZATION.VALIDITY_TOO_LONG', ['grants[0].validityDays']);
  });
});

describe('granting again re-activates the same authorization', () => {
  const again = grantOf([grantItem(SHOP_SCOPES, { validityDays: 30 })], { now: LATER });
  const reGranted = granted({ grantedAt: LATER, expiresAt: plusDays(LATER, 30) });

  it('an EXPIRED one', () =>
    given(granted(), expired(plusDays(T0, 30)))
      .when(again)
      .then(reGranted));
  it('a CANCELLED one: the seller binds the partner again', () =>
    given(granted(), cancelled(plusDays(T0, 1)))
      .when(again)
      .then(reGranted));
  it('a DEACTIVATED one', () =>
    given(granted(), deactivated(plusDays(T0, 1)))
      .when(again)
      .then(reGranted));
  it('an ACTIVE one whose expiresAt has passed (it shows EXPIRED already)', () => given(granted()).when(again).then(reGranted));

  it('the re-granted authorization keeps its authorizationId', () => {
    const [event] = given(granted(), cancelled(plusDays(T0, 1)))
      .when(again)
      .events();
    expect(event).toMatchObject({ type: 'AuthorizationGranted' });
    expect((event as AuthorizationGranted).data.authorizationId).toBe(granted().data.authorizationId);
  });

  it('an ACTIVE one cannot be granted again: 409', () => {
    given(granted())
      .when(grantOf([grantItem(SHOP_SCOPES)], { now: plusDays(T0, 1) }))
      .thenRefused('Conflict', 'AUTHORIZATION.ALREADY_ACTIVE');
  });
});

describe('what the seller cannot grant', () => {
  it('a deactivated service: 409', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { service: deactivatedService() })]))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED');
  });

  it('a service of a banned partner: 409', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES)], { bans: partnerBanned }))
      .thenRefused('Conflict', 'PARTNER.BANNED');
  });

  it('a banned seller may not grant at all: 403', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES)], { bans: sellerBanned }))
      .thenRefused('Forbidden', 'SELLER.BANNED');
  });

  it("another partner's service, reached through this partner's link: 404", () => {
    const foreign = aService({ serviceId: 'svc-foreign', partnerId: otherPartner.sub });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { service: foreign })]))
      .thenRefused('NotFound', 'SERVICE.NOT_FOUND', ['grants[0].serviceId']);
  });

  it('a service that does not exist: 404', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { serviceId: 'svc-none', service: undefined })]))
      .thenRefused('NotFound', 'SERVICE.NOT_FOUND');
  });

  it('a custom service made for other sellers: 404', () => {
    const custom = aService({ visibility: 'CUSTOM', sellerIds: [otherSeller.sub] });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { service: custom })]))
      .thenRefused('NotFound', 'SERVICE.NOT_OFFERED_TO_SELLER', ['grants[0].serviceId']);
  });

  it('a custom service naming this seller can be granted', () => {
    const custom = aService({ visibility: 'CUSTOM', sellerIds: [otherSeller.sub, seller.sub] });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { service: custom, validityDays: 30 })]))
      .then(granted());
  });

  it("a service not offered in the seller's market: 422", () => {
    const euOnly = aService({ markets: ['EU'] });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { service: euOnly })]))
      .thenRefused('Rule', 'SERVICE.MARKET_NOT_OFFERED', ['grants[0].serviceId']);
  });

  it('the same service twice in one request: 422', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES), grantItem(SHOP_SCOPES)]))
      .thenRefused('Rule', 'GRANT.DUPLICATE_SERVICE', ['grants[1].serviceId']);
  });

  it('no service at all: 422', () => {
    given().when(grantOf([])).thenRefused('Rule', 'GRANT.EMPTY', ['grants']);
  });

  it('only the seller grants: a partner, an admin or another seller is 403', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES)], { actor: partner }))
      .thenRefused('Forbidden', 'AUTHORIZATION.SELLERS_GRANT');
    given()
      .when(grantOf([grantItem(SHOP_SCOPES)], { actor: admin }))
      .thenRefused('Forbidden', 'AUTHORIZATION.SELLERS_GRANT');
    given()
      .when(grantOf([grantItem(SHOP_SCOPES)], { actor: otherSeller }))
      .thenRefused('Forbidden', 'AUTHORIZATION.SELLERS_GRANT');
  });
});

describe('the seller chooses multiple services to authorize at one time: all or nothing', () => {
  const reports = aService({
    serviceId: 'svc-reports',
    name: 'Reports',
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    validityDays: 90,
  });
  const reportsGrant = grantItem({ authorizedObject: 'SHOP', dataCompass: true }, { service: reports });

  it('each service gets its own ACTIVE authorization', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 30 }), reportsGrant]))
      .then(
        granted(),
        granted({
          serviceId: 'svc-reports',
          serviceName: 'Reports',
          scopes: { authorizedObject: 'SHOP', shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true },
          validityDays: 90,
        }),
      );
  });

  it('one deactivated service refuses them all', () => {
    given()
      .when(grantOf([grantItem(SHOP_SCOPES), grantItem({ authorizedObject: 'SHOP', dataCompass: true }, { service: { ...reports, status: 'DEACTIVATED' } })]))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED', ['grants[1].serviceId']);
  });

  it('one service already ACTIVE refuses them all', () => {
    given(granted({ serviceId: 'svc-reports' }))
      .when(grantOf([grantItem(SHOP_SCOPES), reportsGrant], { now: plusDays(T0, 1) }))
      .thenRefused('Conflict', 'AUTHORIZATION.ALREADY_ACTIVE', ['grants[1].serviceId']);
  });

  it('one scope the service does not request refuses them all, naming the offending grant', () => {
    const tooMuch = grantItem({ authorizedObject: 'SHOP', shopOperationTicket: true }, { service: reports });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES), tooMuch]))
      .thenRefused('Rule', 'AUTHORIZATION.SCOPE_NOT_OFFERED', ['grants[1].scopes.shopOperationTicket']);
  });

  it('an unknown service is reported before a conflict, a conflict before a broken rule', () => {
    const unknown = grantItem(SHOP_SCOPES, { serviceId: 'svc-none', service: undefined });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 999 }), unknown]))
      .thenRefused('NotFound', 'SERVICE.NOT_FOUND');
    const stopped = grantItem({ authorizedObject: 'SHOP', dataCompass: true }, { service: { ...reports, status: 'DEACTIVATED' } });
    given()
      .when(grantOf([grantItem(SHOP_SCOPES, { validityDays: 999 }), stopped]))
      .thenRefused('Conflict', 'SERVICE.DEACTIVATED');
  });
});
