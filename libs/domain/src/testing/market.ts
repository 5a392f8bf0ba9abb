// The market facts the scenarios assume unless told otherwise.
import type { MarketSettings } from '../market/market-rules.js';
import type { Scopes } from '../market/scopes.js';

/** No launch dates set: the rules as they stand today. */
export const settings: MarketSettings = {};

/** What a US L2L seller typically grants: the shop, tickets, the ads manager role and data compass. */
export const SHOP_SCOPES: Scopes = { authorizedObject: 'SHOP', shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true };
