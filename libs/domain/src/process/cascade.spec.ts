import { describe, expect, it } from '@jest/globals';
import { evolveCascade, initialCascadeState, reactCascade } from './cascade.js';

const serviceDeactivated = (serviceId: string, cause = 'PARTNER') => ({ type: 'ServiceDeactivated', data: { serviceId, partnerId: 'p1', cause } });
const granted = (serviceId: string, partnerId = 'p1', sellerId = 's1') => ({
  type: 'AuthorizationGranted',
  data: { authorizationId: `au-${serviceId}-${sellerId}`, partnerId, sellerId, serviceId },
});
const after = (...events: { type: string; data: any }[]) => events.reduce(evolveCascade, initialCascadeState());

describe('the cascade process', () => {
  it('a deactivated service deactivates every ACTIVE authorization of it', () => {
    const event = serviceDeactivated('svc');
    expect(reactCascade(after(event), event, { activeAuthorizationIds: ['a1', 'a2'] })).toEqual([
      { type: 'DeactivateAuthorization', authorizationId: 'a1', endReason: 'SERVICE_DEACTIVATED' },
      { type: 'DeactivateAuthorization', authorizationId: 'a2', endReason: 'SERVICE_DEACTIVATED' },
    ]);
  });

  it("a banned partner's services and authorizations are deactivated, for PARTNER_BANNED", () => {
    const ban = { type: 'PartnerBanned', data: { partnerId: 'p1', reason: 'fraud' } };
    expect(reactCascade(after(ban), ban, { activeServiceIds: ['svc'], activeAuthorizationIds: ['a1'] })).toEqual([
      { type: 'DeactivateService', serviceId: 'svc', cause: 'PARTNER_BANNED' },
      { type: 'DeactivateAuthorization', authorizationId: 'a1', endReason: 'PARTNER_BANNED' },
    ]);
    const serviceOfBanned = serviceDeactivated('svc', 'PARTNER_BANNED');
    expect(reactCascade(after(ban, serviceOfBanned), serviceOfBanned, { activeAuthorizationIds: ['a2'] })).toEqual([
      { type: 'DeactivateAuthorization', authorizationId: 'a2', endReason: 'PARTNER_BANNED' },
    ]);
  });

  it("a banned seller's authorizations are deactivated, for SELLER_BANNED", () => {
    const ban = { type: 'SellerBanned', data: { sellerId: 's1', reason: 'fraud' } };
    expect(reactCascade(after(ban), ban, { activeAuthorizationIds: ['a1'] })).toEqual([
      { type: 'DeactivateAuthorization', authorizationId: 'a1', endReason: 'SELLER_BANNED' },
    ]);
  });

  it('a grant that raced a deactivation and landed after it is deactivated too', () => {
    const grant = granted('svc');
    expect(reactCascade(after(serviceDeactivated('svc'), grant), grant, {})).toEqual([
      { type: 'DeactivateAuthorization', authorizationId: 'au-svc-s1', endReason: 'SERVICE_DEACTIVATED' },
    ]);
  });

  it('a grant or renewal landing after a ban of either side is deactivated for that ban', () => {
    const grant = granted('svc');
    const renewal = { ...grant, type: 'AuthorizationRenewed' };
    expect(reactCascade(after({ type: 'SellerBanned', data: { sellerId: 's1' } }), grant, {})[0]).toMatchObject({ endReason: 'SELLER_BANNED' });
    expect(reactCascade(after({ type: 'PartnerBanned', data: { partnerId: 'p1' } }), renewal, {})[0]).toMatchObject({ endReason: 'PARTNER_BANNED' });
  });

  it('a grant of an active service by principals nobody banned is left alone', () => {
    const grant = granted('svc');
    expect(reactCascade(after(serviceDeactivated('other'), { type: 'SellerBanned', data: { sellerId: 's2' } }), grant, {})).toEqual([]);
  });

  it('ids named like Object.prototype properties are not banned nor deactivated by the prototype', () => {
    for (const id of ['constructor', 'valueOf', 'hasOwnProperty', 'toString', 'isPrototypeOf']) {
      const grant = granted(id, id, id);
      expect(reactCascade(after(serviceDeactivated('other')), grant, {})).toEqual([]);
      expect(reactCascade(after({ type: 'SellerBanned', data: { sellerId: id } }), grant, {})[0]).toMatchObject({ endReason: 'SELLER_BANNED' });
    }
  });
});
