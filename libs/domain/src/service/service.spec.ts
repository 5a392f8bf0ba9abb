// Step 1: the TSP publishes a public or custom service; the partner or an operator deactivates it.
import { describe, it } from '@jest/globals';
import type { Actor } from '../shared/decider.js';
import { givenFor } from '../testing/given.js';
import { admin, auditor, otherPartner, partner, seller, system } from '../testing/actors.js';
import { type PublishService, type ServiceEvent, serviceDecider } from './service.js';

const given = givenFor(serviceDecider);
const NOW = '2026-01-01T00:00:00.000Z';
const LATER = '2026-02-01T00:00:00.000Z';

const draft = (patch: Partial<PublishService['service']> = {}): PublishService['service'] => ({
  serviceId: 'svc-ads',
  name: 'Ads optimisation',
  description: 'We run your ads',
  visibility: 'PUBLIC',
  markets: ['US_L2L', 'EU'],
  requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
  validityDays: 365,
  linkCode: 'lk_c3ZjLWFkcw',
  ...patch,
});
const publish = (service = draft(), actor: Actor = partner, partnerBanned = false): PublishService => ({
  type: 'PublishService',
  actor,
  now: NOW,
  partnerBanned,
  service,
});
const published = (patch: Partial<PublishService['service']> = {}): ServiceEvent => ({
  type: 'ServicePublished',
  data: { ...draft(patch), partnerId: partner.sub, publishedAt: NOW },
});
const deactivate = (actor: Actor, cause: 'PARTNER' | 'ADMIN' | 'PARTNER_BANNED' = 'PARTNER', reason?: string) => ({
  type: 'DeactivateService' as const,
  actor,
  now: LATER,
  cause,
  ...(reason && { reason }),
});

describe('the partner publishes a service', () => {
  it('a public service, owned by the partner publishing it', () => given().when(publish()).then(published()));

  it('a custom service names the sellers it is for', () => {
    given()
      .when(publish(draft({ visibility: 'CUSTOM', sellerIds: ['shop-1', 'shop-2', 'shop-1'] })))
      .then(published({ visibility: 'CUSTOM', sellerIds: ['shop-1', 'shop-2'] }));
  });

  it('the requested scopes are kept in canonical order', () => {
    const requestedScopes = {
      authorizedObjects: ['TIKTOK_ACCOUNT', 'SHOP'] as const,
      sellerCenterRoles: ['FINANCE_SPECIALIST', 'PRODUCT_MANAGEMENT_SPECIALIST'] as const,
      dataCompass: false,
    };
    given()
      .when(
        publish(
          draft({
            requestedScopes: {
              authorizedObjects: [...requestedScopes.authorizedObjects],
              sellerCenterRoles: [...requestedScopes.sellerCenterRoles],
              dataCompass: false,
            },
          }),
        ),
      )
      .then(
        published({
          requestedScopes: { authorizedObjects: ['SHOP', 'TIKTOK_ACCOUNT'], sellerCenterRoles: ['PRODUCT_MANAGEMENT_SPECIALIST', 'FINANCE_SPECIALIST'] },
        }),
      );
  });

  it('a service for US L2L sellers must request an authorized object: 422', () => {
    given()
      .when(publish(draft({ requestedScopes: { dataCompass: true } })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['requestedScopes.authorizedObjects']);
  });

  it('a service outside US L2L needs no authorized object', () => {
    const euOnly = { markets: ['EU' as const, 'SEA' as const], requestedScopes: { dataCompass: true } };
    given()
      .when(publish(draft(euOnly)))
      .then(published(euOnly));
  });

  it('a custom service without sellers: 422', () => {
    given()
      .when(publish(draft({ visibility: 'CUSTOM' })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['sellerIds']);
    given()
      .when(publish(draft({ visibility: 'CUSTOM', sellerIds: [] })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['sellerIds']);
  });

  it('a public service naming sellers: 422', () => {
    given()
      .when(publish(draft({ sellerIds: ['shop-1'] })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['sellerIds']);
  });

  it('a service that requests nothing: 422', () => {
    given()
      .when(publish(draft({ markets: ['EU'], requestedScopes: {} })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['requestedScopes']);
    given()
      .when(publish(draft({ markets: ['EU'], requestedScopes: { shopOperationTicket: false, sellerCenterRoles: [] } })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['requestedScopes']);
  });

  it('a validity of 1 to 365 days: else 422', () => {
    given()
      .when(publish(draft({ validityDays: 366 })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['validityDays']);
    given()
      .when(publish(draft({ validityDays: 0 })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['validityDays']);
    given()
      .when(publish(draft({ validityDays: 1 })))
      .then(published({ validityDays: 1 }));
  });

  it('every broken rule is named at once', () => {
    given()
      .when(publish(draft({ requestedScopes: {}, visibility: 'CUSTOM' })))
      .thenRefused('Rule', 'SERVICE.INVALID', ['requestedScopes', 'requestedScopes.authorizedObjects', 'sellerIds']);
  });

  it('only partners publish; a banned partner cannot: 403', () => {
    given().when(publish(draft(), seller)).thenRefused('Forbidden', 'SERVICE.PARTNERS_ONLY');
    given().when(publish(draft(), admin)).thenRefused('Forbidden', 'SERVICE.PARTNERS_ONLY');
    given()
      .when(publish(draft(), partner, true))
      .thenRefused('Forbidden', 'PARTNER.BANNED');
  });

  it('a service id already taken: 409', () => {
    given(published()).when(publish()).thenRefused('Conflict', 'SERVICE.ALREADY_PUBLISHED');
  });
});

describe('the service is deactivated: it can no longer be granted', () => {
  const deactivated = (cause: 'PARTNER' | 'ADMIN' | 'PARTNER_BANNED', reason?: string): ServiceEvent => ({
    type: 'ServiceDeactivated',
    data: { serviceId: 'svc-ads', partnerId: partner.sub, cause, deactivatedAt: LATER, ...(reason && { reason }) },
  });

  it('by its partner', () =>
    given(published())
      .when(deactivate(partner, 'PARTNER', 'discontinued'))
      .then(deactivated('PARTNER', 'discontinued')));
  it('by an operator', () => given(published()).when(deactivate(admin, 'ADMIN')).then(deactivated('ADMIN')));
  it('by the system, when the partner is banned', () =>
    given(published())
      .when(deactivate(system('ban-cascade'), 'PARTNER_BANNED'))
      .then(deactivated('PARTNER_BANNED')));

  it("another partner's service: 404", () => {
    given(published()).when(deactivate(otherPartner)).thenRefused('NotFound', 'SERVICE.NOT_FOUND');
  });
  it('a service never published: 404', () => {
    given().when(deactivate(partner)).thenRefused('NotFound', 'SERVICE.NOT_FOUND');
  });

  it('a seller or an auditor: 403', () => {
    given(published()).when(deactivate(seller)).thenRefused('Forbidden', 'SERVICE.DEACTIVATE_FORBIDDEN');
    given(published()).when(deactivate(auditor)).thenRefused('Forbidden', 'SERVICE.DEACTIVATE_FORBIDDEN');
  });

  it('twice: 409 for the partner or an operator', () => {
    given(published(), deactivated('PARTNER')).when(deactivate(partner)).thenRefused('Conflict', 'SERVICE.ALREADY_DEACTIVATED');
    given(published(), deactivated('PARTNER')).when(deactivate(admin, 'ADMIN')).thenRefused('Conflict', 'SERVICE.ALREADY_DEACTIVATED');
  });

  it('twice by the system: quietly nothing', () => {
    given(published(), deactivated('ADMIN'))
      .when(deactivate(system('ban-cascade'), 'PARTNER_BANNED'))
      .thenNothing();
  });
});
