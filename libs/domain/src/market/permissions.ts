// What partners ask the access check: may I do this on this seller now?
import { AUTHORIZED_OBJECTS, SELLER_CENTER_ROLES, type AuthorizedObject, type Scopes, type SellerCenterRole } from './scopes.js';

export type Permission =
  'DATA_COMPASS' | 'SHOP_OPERATION_TICKET' | 'SELLER_CENTER_LOGIN' | `SELLER_CENTER:${SellerCenterRole}` | `AUTHORIZED_OBJECT:${AuthorizedObject}`;

export const PERMISSIONS: readonly Permission[] = [
  'DATA_COMPASS',
  'SHOP_OPERATION_TICKET',
  'SELLER_CENTER_LOGIN',
  ...SELLER_CENTER_ROLES.map((role) => `SELLER_CENTER:${role}` as const),
  ...AUTHORIZED_OBJECTS.map((object) => `AUTHORIZED_OBJECT:${object}` as const),
];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function scopesAllow(scopes: Scopes, permission: Permission): boolean {
  if (permission === 'DATA_COMPASS') return scopes.dataCompass;
  if (permission === 'SHOP_OPERATION_TICKET') return scopes.shopOperationTicket;
  if (permission === 'SELLER_CENTER_LOGIN') return scopes.sellerCenterRoles.length > 0;
  if (permission.startsWith('SELLER_CENTER:')) return scopes.sellerCenterRoles.includes(permission.slice('SELLER_CENTER:'.length) as SellerCenterRole);
  const object = permission.slice('AUTHORIZED_OBJECT:'.length) as AuthorizedObject;
  // SHOP is allowed by SHOP or SHOP_AND_TIKTOK_ACCOUNT, likewise TIKTOK_ACCOUNT.
  return scopes.authorizedObject === object || (object !== 'SHOP_AND_TIKTOK_ACCOUNT' && scopes.authorizedObject === 'SHOP_AND_TIKTOK_ACCOUNT');
}
