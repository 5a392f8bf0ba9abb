// Who acts in the scenarios, and the bans a command reads about the partner and the seller.
import type { Bans } from '../binding/commands.js';
import type { Actor } from '../shared/decider.js';

export const partner: Actor = { role: 'partner', sub: 'partner-1' };
export const otherPartner: Actor = { role: 'partner', sub: 'partner-2' };
export const seller: Actor = { role: 'seller', sub: 'shop-1' };
export const otherSeller: Actor = { role: 'seller', sub: 'shop-2' };
export const admin: Actor = { role: 'admin', sub: 'operator-1' };
export const auditor: Actor = { role: 'auditor', sub: 'auditor-1' };
export const system = (process: string): Actor => ({ role: 'system', sub: process });

export const noBans: Bans = { partner: false, seller: false };
export const partnerBanned: Bans = { partner: true, seller: false };
export const sellerBanned: Bans = { partner: false, seller: true };
