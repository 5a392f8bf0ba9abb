// May this partner do this on this seller now? Once cancelled, TSP cannot access any data or
// log in with TSP access; an authorization past expiresAt is denied at once.
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { Bans } from '../binding/commands.js';
import type { BindingEvent } from '../binding/events.js';
import type { Permission } from '../market/permissions.js';
import type { Scopes } from '../market/scopes.js';
import { givenFor } from '../testing/given.js';
import { noBans, partnerBanned, sellerBanned } from '../testing/actors.js';
import { cancellationRequested, cancelled, deactivated, expired, granted, idOf } from '../testing/authorization-events.js';
import { SHOP_SCOPES } from '../testing/market.js';
import { T0, plusDays, plusMs } from '../testing/time.js';
import { checkAccess } from './access-check.js';

const given = givenFor(bindingDecider);
const NOW = plusDays(T0, 5);
const EXPIRES = plusDays(T0, 30);
const scopes = (s: Partial<Scopes>): Scopes => ({ shopOperationTicket: false, sellerCenterRoles: [], dataCompass: false, ...s });

function access(events: BindingEvent[], permission: Permission, opts: { now?: string; bans?: Bans; deactivatedServices?: string[] } = {}) {
  return checkAccess({
    binding: given(...events).state(),
    permission,
    now: opts.now ?? NOW,
    bans: opts.bans ?? noBans,
    serviceStatus: (serviceId) => ((opts.deactivatedServices ?? []).includes(serviceId) ? 'DEACTIVATED' : 'ACTIVE'),
  });
}
const denied = (reason: string) => ({ allowed: false, reason, authorizationIds: [] });

describe('allowed', () => {
  it('an ACTIVE authorization granting it allows it until its expiresAt', () => {
    expect(access([granted()], 'DATA_COMPASS')).toEqual({ allowed: true, reason: 'ALLOWED', authorizationIds: [idOf()], expiresAt: EXPIRES });
  });

  it('several allow it: all of them are named, with the latest end', () => {
    const longer = granted({ serviceId: 'svc-reports', validityDays: 90 });
    expect(access([granted(), longer], 'DATA_COMPASS')).toEqual({
      allowed: true,
      reason: 'ALLOWED',
      authorizationIds: [idOf(), idOf('svc-reports')].sort(),
      expiresAt: plusDays(T0, 90),
    });
  });

  it('only the ones that grant it are named', () => {
    const reportsOnly = granted({ serviceId: 'svc-reports', scopes: scopes({ dataCompass: true }), validityDays: 90 });
    const result = access([granted(), reportsOnly], 'SHOP_OPERATION_TICKET');
    expect(result).toEqual({ allowed: true, reason: 'ALLOWED', authorizationIds: [idOf()], expiresAt: EXPIRES });
  });
});

describe('every permission kind', () => {
  const withScopes = (s: Partial<Scopes>) => [granted({ scopes: scopes(s) })];

  it.each<[string, Partial<Scopes>, Permission, boolean]>([
    ['data compass', { dataCompass: true }, 'DATA_COMPASS', true],
    ['data compass, not granted', { shopOperationTicket: true }, 'DATA_COMPASS', false],
    ['shop operation ticket', { shopOperationTicket: true }, 'SHOP_OPERATION_TICKET', true],
    ['shop operation ticket, not granted', { dataCompass: true }, 'SHOP_OPERATION_TICKET', false],
    ['TSP access login with any role', { sellerCenterRoles: ['FINANCE_SPECIALIST'] }, 'SELLER_CENTER_LOGIN', true],
    ['TSP access login without a role', { dataCompass: true }, 'SELLER_CENTER_LOGIN', false],
    ['the ads manager role', { sellerCenterRoles: ['ADS_MANAGER'] }, 'SELLER_CENTER:ADS_MANAGER', true],
    ['a role not granted', { sellerCenterRoles: ['ADS_MANAGER'] }, 'SELLER_CENTER:FINANCE_SPECIALIST', false],
    ['the shop, granted as the shop', { authorizedObject: 'SHOP' }, 'AUTHORIZED_OBJECT:SHOP', true],
    ['the shop, granted as shop & TikTok account', { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT' }, 'AUTHORIZED_OBJECT:SHOP', true],
    ['the TikTok account, granted as shop & TikTok account', { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT' }, 'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT', true],
    ['the TikTok account, only the shop granted', { authorizedObject: 'SHOP' }, 'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT', false],
    ['shop & TikTok account, only the shop granted', { authorizedObject: 'SHOP' }, 'AUTHORIZED_OBJECT:SHOP_AND_TIKTOK_ACCOUNT', false],
  ])('%s', (_label, granting, permission, allowed) => {
    const result = access(withScopes(granting), permission);
    expect(result).toEqual(allowed ? { allowed, reason: 'ALLOWED', authorizationIds: [idOf()], expiresAt: EXPIRES } : denied('SCOPE_NOT_GRANTED'));
  });
});

describe('denied', () => {
  it('NO_AUTHORIZATION: the seller never authorized this partner', () => {
    expect(access([], 'DATA_COMPASS')).toEqual(denied('NO_AUTHORIZATION'));
  });

  it('SCOPE_NOT_GRANTED: an ACTIVE authorization that does not grant it', () => {
    expect(access([granted({ scopes: scopes({ authorizedObject: 'SHOP' }) })], 'DATA_COMPASS')).toEqual(denied('SCOPE_NOT_GRANTED'));
  });

  it('CANCELLED: the one that granted it was cancelled, even while another ACTIVE one (which never granted it) remains', () => {
    const reportsOnly = granted({ serviceId: 'svc-reports', scopes: scopes({ authorizedObject: 'SHOP' }) });
    expect(access([granted(), reportsOnly, cancelled(plusDays(T0, 2))], 'DATA_COMPASS')).toEqual(denied('CANCELLED'));
    expect(access([granted(), reportsOnly, cancelled(plusDays(T0, 2))], 'SELLER_CENTER:FINANCE_SPECIALIST')).toEqual(denied('SCOPE_NOT_GRANTED'));
  });

  it('EXPIRED: expiresAt passed and recorded', () => {
    expect(access([granted(), expired(EXPIRES)], 'DATA_COMPASS', { now: plusDays(T0, 31) })).toEqual(denied('EXPIRED'));
  });

  it('EXPIRED: an ACTIVE one past its expiresAt is denied at once, before the expiry event', () => {
    expect(access([granted()], 'DATA_COMPASS', { now: plusMs(EXPIRES, -1) }).allowed).toBe(true);
    expect(access([granted()], 'DATA_COMPASS', { now: EXPIRES })).toEqual(denied('EXPIRED'));
  });

  it('CANCELLED: a cancel is denied from the next call on', () => {
    expect(access([granted(), cancelled(NOW)], 'DATA_COMPASS')).toEqual(denied('CANCELLED'));
    expect(access([granted(), cancelled(NOW, 'PARTNER_CANCELLATION_TIMEOUT')], 'SELLER_CENTER_LOGIN')).toEqual(denied('CANCELLED'));
  });

  it('DEACTIVATED: the platform ended it', () => {
    expect(access([granted(), deactivated(NOW)], 'DATA_COMPASS')).toEqual(denied('DEACTIVATED'));
  });

  it('DEACTIVATED: the service was deactivated, before the cascade reached the authorization', () => {
    expect(access([granted()], 'DATA_COMPASS', { deactivatedServices: ['svc-ads'] })).toEqual(denied('DEACTIVATED'));
  });

  it('DEACTIVATED: the partner or the seller was banned, before the cascade', () => {
    expect(access([granted()], 'DATA_COMPASS', { bans: partnerBanned })).toEqual(denied('DEACTIVATED'));
    expect(access([granted()], 'DATA_COMPASS', { bans: sellerBanned })).toEqual(denied('DEACTIVATED'));
  });

  it('the authorization that ended last says why', () => {
    const reports = granted({ serviceId: 'svc-reports', scopes: SHOP_SCOPES });
    const events = [granted(), reports, cancelled(plusDays(T0, 2)), deactivated(plusDays(T0, 3), 'ADMIN_DEACTIVATED', 'svc-reports')];
    expect(access(events, 'DATA_COMPASS')).toEqual(denied('DEACTIVATED'));
    const otherOrder = [granted(), reports, deactivated(plusDays(T0, 2), 'ADMIN_DEACTIVATED', 'svc-reports'), cancelled(plusDays(T0, 3))];
    expect(access(otherOrder, 'DATA_COMPASS')).toEqual(denied('CANCELLED'));
  });

  it('granted again after a cancel: allowed again', () => {
    const again = granted({ grantedAt: plusDays(T0, 3) });
    expect(access([granted(), cancelled(plusDays(T0, 2)), again], 'DATA_COMPASS')).toEqual({
      allowed: true,
      reason: 'ALLOWED',
      authorizationIds: [idOf()],
      expiresAt: plusDays(T0, 33),
    });
  });

  it('a cancellation request the seller left unanswered for 72 hours denies at once, before the timeout is recorded', () => {
    const asked = plusDays(T0, 1);
    const due = plusDays(asked, 3);
    expect(access([granted(), cancellationRequested(asked)], 'AUTHORIZED_OBJECT:SHOP', { now: plusMs(due, -1) }).allowed).toBe(true);
    expect(access([granted(), cancellationRequested(asked)], 'AUTHORIZED_OBJECT:SHOP', { now: due })).toEqual(denied('CANCELLED'));
  });
});
