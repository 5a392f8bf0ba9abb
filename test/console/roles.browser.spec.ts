// Each role's pages show only what that role may see: a partner never sees another partner's
// sellers or services, a seller has no partner menus (and a partner route does not open for it),
// an auditor reads the event log and an authorization's state as of a moment of its timeline.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { call } from '../hardening/support/child-server.js';
import { browserAvailable, type ConsoleWorld, startConsoleWorld } from './support/browser.js';
import { eventually } from './support/steps.js';

const partner1 = { role: 'partner', sub: 'partner-1' } as Principal;
const partner2 = { role: 'partner', sub: 'partner-2' } as Principal;
const seller = { role: 'seller', sub: 'shop-1', market: 'US_L2L' } as Principal;
const auditor = { role: 'auditor', sub: 'auditor-1' } as Principal;
const admin = { role: 'admin', sub: 'ops-1' } as Principal;
const scopes = { authorizedObjects: ['SHOP'], dataCompass: true };

(browserAvailable ? describe : describe.skip)('what each role sees in the console', () => {
  let world: ConsoleWorld;
  let authorizationId: string;

  beforeAll(async () => {
    world = await startConsoleWorld();
    // Given: partner-1 has a seller, partner-2 has a service of its own and no seller.
    const published = await call(world.server, 'POST', '/v1/services', partner1, {
      name: 'Partner One Ads',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: scopes,
    });
    await call(world.server, 'POST', '/v1/services', partner2, {
      name: 'Partner Two Reports',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: scopes,
    });
    const granted = await call(world.server, 'POST', '/v1/authorizations', seller, {
      linkCode: published.body.linkCode,
      grants: [{ serviceId: published.body.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    expect(granted.status).toBe(201);
    authorizationId = granted.body.authorizations[0].authorizationId;
    await call(world.server, 'POST', `/v1/authorizations/${authorizationId}/cancel`, seller, {});
  }, 90_000);
  afterAll(() => world?.close());

  it("partner: another partner's sellers and services never show; its own do", async () => {
    const other = await world.signIn(partner2, 'partner/sellers');
    await other.getByText('No seller matches these filters.').waitFor();
    await expect(other.getByRole('tab', { name: /All/ }).textContent()).resolves.toMatch(/0/);
    await other.getByRole('link', { name: 'Services' }).click();
    await other.locator('li[data-service="Partner Two Reports"]').waitFor();
    await expect(other.locator('li[data-service="Partner One Ads"]').count()).resolves.toBe(0);

    const owner = await world.signIn(partner1, 'partner/sellers');
    await owner.locator('tr[data-seller="shop-1"]').waitFor();
    await expect(owner.getByRole('tab', { name: /Cancelled/ }).textContent()).resolves.toMatch(/1/);
  });

  it('seller: no partner or audit menu; a partner route opens its own page instead', async () => {
    const page = await world.signIn(seller);
    const menu = page.getByRole('navigation', { name: 'Pages' });
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['My services', 'Authorize a partner', 'Proposals']);
    // Its page is titled by its market's menu path.
    await page.getByRole('heading', { name: 'Find partner' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Menu path' }).textContent()).resolves.toBe('App & serviceFind partner');
    // A refused read shows its problem's detail where the page would be.
    await page.evaluate('window.location.hash = "#/link/lk_no-such-link"');
    await expect(page.locator('.problem').textContent()).resolves.toMatch(/^404 Not Found.+/);
    await page.evaluate('window.location.hash = "#/partner/sellers"');
    await page.waitForURL(/#\/seller\/services$/);
    await expect(page.getByRole('heading', { name: 'Seller management' }).count()).resolves.toBe(0);
  });

  it('auditor: reads the event log, filters it by type, and sees an authorization as of a moment of its timeline', async () => {
    const page = await world.signIn(auditor);
    const menu = page.getByRole('navigation', { name: 'Pages' });
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['Event log', 'Authorization timeline']);
    const rows = page.locator('table.events tbody tr');
    await page.locator('tr[data-type="AuthorizationCancelled"]').waitFor();
    await expect(rows.count()).resolves.toBe(4);
    await page.getByLabel('ServicePublished').check();
    await page.locator('tr[data-type="AuthorizationCancelled"]').waitFor({ state: 'detached' });
    await expect(
      eventually(
        () => rows.count(),
        (n) => n === 2,
      ),
    ).resolves.toBe(2);
    await expect(page.locator('tr[data-type]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')))).resolves.toEqual([
      'ServicePublished',
      'ServicePublished',
    ]);

    await page.getByLabel('ServicePublished').uncheck();
    await page.locator('tr[data-type="AuthorizationGranted"]').getByRole('button', { name: 'timeline' }).click();
    await page.getByRole('heading', { name: 'Authorization timeline' }).waitFor();
    await page.getByRole('button', { name: 'AuthorizationGranted' }).click();
    const state = page.getByTestId('state-as-of');
    await expect(state.locator('.badge').textContent()).resolves.toBe('ACTIVE');
    await page.getByRole('button', { name: 'AuthorizationCancelled' }).click();
    await state.locator('.badge', { hasText: 'CANCELLED' }).waitFor();
  });

  it('admin: the audit pages and Administration; a ban without its reason is refused next to the field, with it the partner is banned', async () => {
    const page = await world.signIn(admin, 'admin');
    await expect(page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allTextContents()).resolves.toEqual([
      'Event log',
      'Authorization timeline',
      'Administration',
    ]);
    const ban = page.locator('form', { has: page.getByRole('heading', { name: 'Ban a partner' }) });
    await ban.getByLabel('Partner id').fill('partner-2');
    await ban.getByRole('button', { name: 'Ban partner' }).click();
    await ban.locator('.field-error[data-field="reason"]').waitFor();
    await expect((await call(world.server, 'GET', '/v1/partner/services', partner2)).body.items[0].status).toBe('ACTIVE');
    await ban.getByLabel('Reason').fill('fraud investigation');
    await ban.getByRole('button', { name: 'Ban partner' }).click();
    await ban.getByText('Ban partner: partner-2 done.').waitFor();
    // Every service of a banned partner is deactivated (by the cascade that follows the ban).
    const status = async () => (await call(world.server, 'GET', '/v1/partner/services', partner2)).body.items[0].status as string;
    await expect(eventually(status, (s) => s === 'DEACTIVATED')).resolves.toBe('DEACTIVATED');
  });
});
