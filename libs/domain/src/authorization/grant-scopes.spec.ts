// The market table of API.md and "at most what the service requests", through the seller's grant.
import { describe, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import type { MarketSettings } from '../market/market-rules.js';
import type { Market, Scopes, ScopesInput } from '../market/scopes.js';
import { givenFor } from '../testing/given.js';
import { grantItem, grantOf } from '../testing/authorization-commands.js';
import { granted } from '../testing/authorization-events.js';
import { aService } from '../testing/services.js';

const given = givenFor(bindingDecider);
const SCOPE_RULE = 'AUTHORIZATION.SCOPE_NOT_OFFERED';
const scopes = (s: Partial<Scopes>): Scopes => ({ shopOperationTicket: false, sellerCenterRoles: [], dataCompass: false, ...s });
const seaLaunch: MarketSettings = { seaTspAccessLaunch: '2026-06-01T00:00:00.000Z' };

type Row = [label: string, market: Market, now: string, settings: MarketSettings, rolesOffered: boolean];
const rows: Row[] = [
  ['US L2L', 'US_L2L', '2026-03-01T10:00:00.000Z', {}, true],
  ['EU before 2025-12-01', 'EU', '2025-11-30T23:59:59.999Z', {}, false],
  ['EU from 2025-12-01', 'EU', '2025-12-01T00:00:00.000Z', {}, true],
  ['SEA without SEA_TSP_ACCESS_LAUNCH', 'SEA', '2030-01-01T00:00:00.000Z', {}, false],
  ['SEA before SEA_TSP_ACCESS_LAUNCH', 'SEA', '2026-05-31T23:59:59.999Z', seaLaunch, false],
  ['SEA from SEA_TSP_ACCESS_LAUNCH', 'SEA', '2026-06-01T00:00:00.000Z', seaLaunch, true],
  ['US CB', 'US_CB', '2026-03-01T10:00:00.000Z', {}, false],
  ['other markets', 'OTHER', '2026-03-01T10:00:00.000Z', {}, false],
];
/** A US L2L grant must name an authorized object; other markets must not. */
const object = (market: Market): Partial<Scopes> => (market === 'US_L2L' ? { authorizedObject: 'SHOP' } : {});

function grantIn(market: Market, now: string, marketSettings: MarketSettings, input: ScopesInput) {
  return given().when(grantOf([grantItem(input)], { market, now, settings: marketSettings }));
}
/** The service's 180 days, counted from the grant. */
const grantedIn = (market: Market, now: string, s: Scopes) => granted({ market, scopes: s, grantedAt: now, validityDays: 180 });

describe('authorized object (Shop & TikTok / Shop / TikTok account)', () => {
  it('a US L2L seller must pick an authorized object', () => {
    grantIn('US_L2L', rows[0]![2], {}, { dataCompass: true }).thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes.authorizedObject']);
  });

  it.each(['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP', 'TIKTOK_ACCOUNT'] as const)('a US L2L seller may authorize %s alone', (authorizedObject) => {
    grantIn('US_L2L', rows[0]![2], {}, { authorizedObject }).then(grantedIn('US_L2L', rows[0]![2], scopes({ authorizedObject })));
  });

  it.each(rows.filter(([, market]) => market !== 'US_L2L'))('%s: there is no authorized object', (_label, market, now, s) => {
    grantIn(market, now, s, { authorizedObject: 'SHOP', dataCompass: true }).thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes.authorizedObject']);
  });

  it.each(rows.filter(([, market]) => market !== 'US_L2L'))('%s: a grant without an authorized object is fine', (_label, market, now, s) => {
    grantIn(market, now, s, { dataCompass: true }).then(grantedIn(market, now, scopes({ dataCompass: true })));
  });
});

describe('shop operation ticket: TSP raises tickets for the shop, offered in every market', () => {
  it.each(rows)('%s', (_label, market, now, s) => {
    grantIn(market, now, s, { ...object(market), shopOperationTicket: true }).then(
      grantedIn(market, now, scopes({ ...object(market), shopOperationTicket: true })),
    );
  });
});

describe('seller center access (TSP access login roles)', () => {
  it.each(rows.filter((r) => r[4]))('%s: offered', (_label, market, now, s) => {
    grantIn(market, now, s, { ...object(market), sellerCenterRoles: ['ADS_MANAGER'] }).then(
      grantedIn(market, now, scopes({ ...object(market), sellerCenterRoles: ['ADS_MANAGER'] })),
    );
  });

  it.each(rows.filter((r) => !r[4]))('%s: not offered, 422 naming the roles', (_label, market, now, s) => {
    grantIn(market, now, s, { ...object(market), sellerCenterRoles: ['ADS_MANAGER'] }).thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes.sellerCenterRoles']);
  });
});

describe('data compass: TSP checks the seller data, offered in every market', () => {
  it.each(rows)('%s', (_label, market, now, s) => {
    grantIn(market, now, s, { ...object(market), dataCompass: true }).then(grantedIn(market, now, scopes({ ...object(market), dataCompass: true })));
  });
});

describe('a seller grants at most what the service requests', () => {
  const now = rows[0]![2];
  const narrow = (requestedScopes: ReturnType<typeof aService>['requestedScopes']) => (input: ScopesInput) =>
    given().when(grantOf([grantItem(input, { service: aService({ requestedScopes }) })], { now }));

  it('a shop operation ticket the service does not request: 422', () => {
    narrow({ authorizedObjects: ['SHOP'], dataCompass: true })({ authorizedObject: 'SHOP', shopOperationTicket: true }).thenRefused('Rule', SCOPE_RULE, [
      'grants[0].scopes.shopOperationTicket',
    ]);
  });

  it('data compass the service does not request: 422', () => {
    narrow({ authorizedObjects: ['SHOP'], shopOperationTicket: true })({ authorizedObject: 'SHOP', dataCompass: true }).thenRefused('Rule', SCOPE_RULE, [
      'grants[0].scopes.dataCompass',
    ]);
  });

  it('seller center roles when the service requests none: 422', () => {
    narrow({ authorizedObjects: ['SHOP'], dataCompass: true })({ authorizedObject: 'SHOP', sellerCenterRoles: ['ADS_MANAGER'] }).thenRefused(
      'Rule',
      SCOPE_RULE,
      ['grants[0].scopes.sellerCenterRoles'],
    );
  });

  it('a role the service does not request: 422, even with one it does', () => {
    given()
      .when(grantOf([grantItem({ authorizedObject: 'SHOP', sellerCenterRoles: ['ADS_MANAGER', 'FINANCE_SPECIALIST'] })]))
      .thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes.sellerCenterRoles']);
  });

  it('an authorized object the service does not request: 422', () => {
    narrow({ authorizedObjects: ['SHOP'] })({ authorizedObject: 'TIKTOK_ACCOUNT' }).thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes.authorizedObject']);
    narrow({ authorizedObjects: ['SHOP'] })({ authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT' }).thenRefused('Rule', SCOPE_RULE, [
      'grants[0].scopes.authorizedObject',
    ]);
  });

  it('shop & TikTok account requested: the seller may grant the shop or the TikTok account alone', () => {
    narrow({ authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT'] })({ authorizedObject: 'SHOP' }).then(
      grantedIn('US_L2L', now, scopes({ authorizedObject: 'SHOP' })),
    );
    narrow({ authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT'] })({ authorizedObject: 'TIKTOK_ACCOUNT' }).then(
      grantedIn('US_L2L', now, scopes({ authorizedObject: 'TIKTOK_ACCOUNT' })),
    );
  });

  it('a grant grants at least one scope: an empty one is 422 naming the scopes', () => {
    grantIn('EU', now, {}, {}).thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes']);
    grantIn('US_CB', now, {}, { shopOperationTicket: false, sellerCenterRoles: [], dataCompass: false }).thenRefused('Rule', SCOPE_RULE, ['grants[0].scopes']);
  });

  it('every broken rule is named at once', () => {
    grantIn('US_CB', now, {}, { authorizedObject: 'SHOP', sellerCenterRoles: ['ADS_MANAGER'] }).thenRefused('Rule', 'GRANT.RULES_BROKEN', [
      'grants[0].scopes.authorizedObject',
      'grants[0].scopes.sellerCenterRoles',
    ]);
  });

  it('the granted roles are kept in Seller Center order, whatever order the seller picked them in', () => {
    grantIn('US_L2L', now, {}, { authorizedObject: 'SHOP', sellerCenterRoles: ['ADS_MANAGER', 'MARKETING_SPECIALIST'] }).then(
      grantedIn('US_L2L', now, scopes({ authorizedObject: 'SHOP', sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'] })),
    );
  });
});
