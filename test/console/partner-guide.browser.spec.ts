// The partner guide's four steps, done in the console by a partner and a seller in two browser
// windows: the partner publishes two services and copies the link; the seller opens it and grants
// both with the scopes it picks; the partner sees them on its Seller management page. Then the
// renewal (the partner asks, the seller renews) and the cancellation (the seller cancels, the
// partner's page shows CANCELLED, and the access check is denied).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Principal } from '#libs/platform';
import { call } from '../hardening/support/child-server.js';
import { browserAvailable, type ConsoleWorld, startConsoleWorld } from './support/browser.js';
import { copyLink, eventually, publishService } from './support/steps.js';

const partner = { role: 'partner', sub: 'partner-1' } as Principal;
const seller = { role: 'seller', sub: 'shop-1', market: 'US_L2L' } as Principal;

(browserAvailable ? describe : describe.skip)('the partner guide in the console', () => {
  let world: ConsoleWorld;
  let partnerPage: Page;
  let sellerPage: Page;
  let link: string;

  beforeAll(async () => {
    world = await startConsoleWorld();
    partnerPage = await world.signIn(partner);
    sellerPage = await world.signIn(seller);
  }, 90_000);
  afterAll(() => world?.close());

  it('signs in from the URL fragment, removes the token from the address bar and shows who is signed in', async () => {
    expect(partnerPage.url()).not.toContain('token=');
    await expect(partnerPage.getByTestId('signed-in').textContent()).resolves.toMatch(/partner\s*partner-1/);
    await expect(partnerPage.evaluate('Object.values(sessionStorage).some((v) => v.startsWith("ey"))')).resolves.toBe(true);
  });

  it('shows a refused field next to its input: publishing without a name', async () => {
    await partnerPage.getByRole('button', { name: 'Publish' }).click();
    const error = partnerPage.locator('.field-error[data-field="name"]');
    await error.waitFor();
    await expect(error.textContent()).resolves.toMatch(/name/i);
    // The input it belongs to is in the same field, under its label.
    await expect(partnerPage.locator('.field.invalid').getByLabel('Name', { exact: true }).count()).resolves.toBe(1);
  });

  it('step 1: the partner publishes two services and copies the authorization link', async () => {
    await publishService(partnerPage, {
      name: 'Ads Booster',
      objects: ['SHOP', 'SHOP_AND_TIKTOK_ACCOUNT'],
      roles: ['ADS_MANAGER', 'MARKETING_SPECIALIST'],
      dataCompass: true,
    });
    await publishService(partnerPage, { name: 'Order Sync', objects: ['SHOP'], roles: ['FULFILLMENT_SPECIALIST'], dataCompass: false, validityDays: 90 });
    link = await copyLink(partnerPage, 'Ads Booster');
    expect(link).toMatch(new RegExp(`^${world.server.url}/console#/link/[A-Za-z0-9_-]+$`));
    const services = await call(world.server, 'GET', '/v1/partner/services', partner);
    expect(services.body.items.map((s: { name: string }) => s.name).sort()).toEqual(['Ads Booster', 'Order Sync']);
  });

  it('steps 2 and 3: the seller opens the link and grants both services at once, with the scopes it picks', async () => {
    // The partner already watches its Seller management page: it must fill in by itself.
    await partnerPage.getByRole('link', { name: 'Seller management' }).click();
    await partnerPage.getByText('No seller matches these filters.').waitFor();

    await sellerPage.goto(link);
    await sellerPage.getByRole('heading', { name: 'Services of partner partner-1' }).waitFor();
    const ads = sellerPage.locator('li[data-service="Ads Booster"]');
    const sync = sellerPage.locator('li[data-service="Order Sync"]');
    await ads.getByLabel('Authorize Ads Booster').check();
    await ads.getByLabel('Shop and TikTok account').check();
    await ads.getByLabel('Seller Center: Marketing specialist').uncheck();
    await ads.getByLabel(/^Validity/).fill('30');
    await sync.getByLabel('Authorize Order Sync').check();
    await sync.getByLabel('Renew automatically').check();
    await sellerPage.getByRole('button', { name: 'Authorize 2 selected' }).click();
    await sellerPage.getByText('Authorized 2 service(s).').waitFor();

    const mine = await call(world.server, 'GET', '/v1/seller/services', seller);
    const byName = Object.fromEntries(mine.body.items.map((a: { serviceName: string }) => [a.serviceName, a]));
    expect(byName['Ads Booster']).toMatchObject({
      status: 'ACTIVE',
      validityDays: 30,
      autoRenew: false,
      scopes: { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true },
    });
    expect(byName['Order Sync']).toMatchObject({
      status: 'ACTIVE',
      autoRenew: true,
      scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['FULFILLMENT_SPECIALIST'] },
    });
    // Nothing is left to authorize on the link page: both are active now.
    await sellerPage.getByText('Nothing left to authorize from this partner.').waitFor();
  });

  it('step 4: the partner sees both on its Seller management page, counted as ACTIVE', async () => {
    const rows = partnerPage.locator('table.sellers tbody tr[data-seller="shop-1"]');
    await expect(
      eventually(
        () => rows.count(),
        (n) => n === 2,
      ),
    ).resolves.toBe(2);
    await expect(partnerPage.getByRole('tab', { name: /Active/ }).textContent()).resolves.toMatch(/2/);
    await expect(rows.filter({ hasText: 'Ads Booster' }).textContent()).resolves.toMatch(/ACTIVE.*Shop and TikTok account, Ads manager, Data compass/);
  });

  it('the Seller management page downloads the CSV of its filter', async () => {
    await partnerPage.getByLabel('Service').selectOption({ label: 'Order Sync' });
    await partnerPage.getByRole('button', { name: 'Apply' }).click();
    await expect(
      eventually(
        () => partnerPage.locator('table.sellers tbody tr[data-seller]').count(),
        (n) => n === 1,
      ),
    ).resolves.toBe(1);
    const download = partnerPage.waitForEvent('download');
    await partnerPage.getByRole('button', { name: 'Download CSV' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/authorizationId/);
    expect(lines[1]).toMatch(/shop-1.*Order Sync/);
    await partnerPage.getByLabel('Service').selectOption({ label: 'All services' });
    await partnerPage.getByRole('button', { name: 'Apply' }).click();
  });

  it('renewal: the partner requests it, the seller sees the request and renews', async () => {
    const row = partnerPage.locator('tr[data-service="Ads Booster"]');
    await row.getByRole('button', { name: 'Request renewal' }).click();
    await row.getByText(/renewal requested/).waitFor();

    await sellerPage.getByRole('link', { name: 'My services' }).click();
    const card = sellerPage.locator('li[data-service="Ads Booster"]');
    await card.getByText(/The partner asks you to renew/).waitFor({ timeout: 15_000 });
    const before = (await call(world.server, 'GET', '/v1/seller/services', seller)).body.items.find(
      (a: { serviceName: string }) => a.serviceName === 'Ads Booster',
    );
    expect(before.renewedAt).toBeUndefined();
    await card.getByRole('button', { name: 'Renew' }).click();
    await card.getByText(/The partner asks you to renew/).waitFor({ state: 'detached' });
    const after = await call(world.server, 'GET', `/v1/authorizations/${before.authorizationId}`, seller);
    expect(after.body.renewedAt).toEqual(expect.any(String));
  });

  it('cancellation: the seller cancels, the partner’s page shows CANCELLED, and the access check is denied', async () => {
    const allowed = await call(
      world.server,
      'GET',
      '/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=SELLER_CENTER:FULFILLMENT_SPECIALIST',
      partner,
    );
    expect(allowed.body).toMatchObject({ allowed: true });

    const card = sellerPage.locator('li[data-service="Order Sync"]');
    await card.getByRole('button', { name: 'Cancel' }).click();
    await card.getByLabel('Reason (optional)').fill('moving to another partner');
    await card.getByRole('button', { name: 'Cancel authorization' }).click();
    await card.locator('.badge', { hasText: 'CANCELLED' }).waitFor();

    const row = partnerPage.locator('tr[data-service="Order Sync"]');
    await expect(
      eventually(
        () => row.textContent(),
        (text) => /CANCELLED/.test(text ?? ''),
      ),
    ).resolves.toMatch(/CANCELLED.*SELLER_CANCELLED/);
    await partnerPage.getByRole('tab', { name: /Cancelled/ }).click();
    await expect(
      eventually(
        () => partnerPage.locator('table.sellers tbody tr[data-seller]').count(),
        (n) => n === 1,
      ),
    ).resolves.toBe(1);

    const denied = await call(
      world.server,
      'GET',
      '/v1/access-checks?partnerId=partner-1&sellerId=shop-1&permission=SELLER_CENTER:FULFILLMENT_SPECIALIST',
      partner,
    );
    expect(denied.body).toMatchObject({ allowed: false, reason: 'CANCELLED' });
  });
});
