import { describe, expect, it } from '@jest/globals';
import { isPermission, PERMISSIONS, scopesAllow } from './permissions.js';
import type { Scopes } from './scopes.js';

const scopes = (s: Partial<Scopes>): Scopes => ({ shopOperationTicket: false, sellerCenterRoles: [], dataCompass: false, ...s });

describe('the permissions a partner may ask about', () => {
  it('data compass, the shop operation ticket, TSP access login, each role and each authorized object', () => {
    expect([...PERMISSIONS].sort()).toEqual(
      [
        'DATA_COMPASS',
        'SHOP_OPERATION_TICKET',
        'SELLER_CENTER_LOGIN',
        'SELLER_CENTER:PRODUCT_MANAGEMENT_SPECIALIST',
        'SELLER_CENTER:FULFILLMENT_SPECIALIST',
        'SELLER_CENTER:MARKETING_SPECIALIST',
        'SELLER_CENTER:ADS_MANAGER',
        'SELLER_CENTER:AFFILIATE_MANAGER',
        'SELLER_CENTER:CUSTOMER_SERVICE_AGENT',
        'SELLER_CENTER:FINANCE_SPECIALIST',
        'AUTHORIZED_OBJECT:SHOP_AND_TIKTOK_ACCOUNT',
        'AUTHORIZED_OBJECT:SHOP',
        'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT',
      ].sort(),
    );
  });

  it.each(['DATA_COMPASS', 'SELLER_CENTER:ADS_MANAGER', 'AUTHORIZED_OBJECT:SHOP'])('%s is a permission', (p) => expect(isPermission(p)).toBe(true));
  it.each(['SELLER_CENTER:ADMIN', 'AUTHORIZED_OBJECT:', 'data_compass', '', 42, undefined])('%p is not', (p) => expect(isPermission(p)).toBe(false));
});

describe('what granted scopes allow', () => {
  it('SELLER_CENTER_LOGIN: any role lets the partner log in with TSP access', () => {
    expect(scopesAllow(scopes({ sellerCenterRoles: ['CUSTOMER_SERVICE_AGENT'] }), 'SELLER_CENTER_LOGIN')).toBe(true);
    expect(scopesAllow(scopes({ dataCompass: true, shopOperationTicket: true }), 'SELLER_CENTER_LOGIN')).toBe(false);
  });

  it('SELLER_CENTER:<ROLE>: that role only', () => {
    const granted = scopes({ sellerCenterRoles: ['ADS_MANAGER', 'FINANCE_SPECIALIST'] });
    expect(scopesAllow(granted, 'SELLER_CENTER:ADS_MANAGER')).toBe(true);
    expect(scopesAllow(granted, 'SELLER_CENTER:FINANCE_SPECIALIST')).toBe(true);
    expect(scopesAllow(granted, 'SELLER_CENTER:MARKETING_SPECIALIST')).toBe(false);
  });

  it('DATA_COMPASS and SHOP_OPERATION_TICKET: each its own flag', () => {
    expect(scopesAllow(scopes({ dataCompass: true }), 'DATA_COMPASS')).toBe(true);
    expect(scopesAllow(scopes({ dataCompass: true }), 'SHOP_OPERATION_TICKET')).toBe(false);
    expect(scopesAllow(scopes({ shopOperationTicket: true }), 'SHOP_OPERATION_TICKET')).toBe(true);
    expect(scopesAllow(scopes({ shopOperationTicket: true }), 'DATA_COMPASS')).toBe(false);
  });

  it.each<[Scopes['authorizedObject'], string, boolean]>([
    ['SHOP_AND_TIKTOK_ACCOUNT', 'AUTHORIZED_OBJECT:SHOP_AND_TIKTOK_ACCOUNT', true],
    ['SHOP_AND_TIKTOK_ACCOUNT', 'AUTHORIZED_OBJECT:SHOP', true],
    ['SHOP_AND_TIKTOK_ACCOUNT', 'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT', true],
    ['SHOP', 'AUTHORIZED_OBJECT:SHOP', true],
    ['SHOP', 'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT', false],
    ['SHOP', 'AUTHORIZED_OBJECT:SHOP_AND_TIKTOK_ACCOUNT', false],
    ['TIKTOK_ACCOUNT', 'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT', true],
    ['TIKTOK_ACCOUNT', 'AUTHORIZED_OBJECT:SHOP', false],
    [undefined, 'AUTHORIZED_OBJECT:SHOP', false],
  ])('granted %s, asked %s: %s', (authorizedObject, permission, allowed) => {
    const granted = authorizedObject ? scopes({ authorizedObject }) : scopes({ dataCompass: true });
    expect(scopesAllow(granted, permission as Parameters<typeof scopesAllow>[1])).toBe(allowed);
  });
});
