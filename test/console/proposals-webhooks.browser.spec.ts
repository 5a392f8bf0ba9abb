// Proposals and webhooks in the console: the partner proposes a service to a US L2L seller, the
// seller signs it on its Proposals page and holds the authorization; the partner subscribes a
// webhook and sees its signing secret once, never again after a reload.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Principal } from '#libs/platform';
import { call } from '../hardening/support/child-server.js';
import { browserAvailable, type ConsoleWorld, startConsoleWorld } from './support/browser.js';
import { publishService } from './support/steps.js';

const partner = { role: 'partner', sub: 'partner-9' } as Principal;
const seller = { role: 'seller', sub: 'shop-9', market: 'US_L2L' } as Principal;

(browserAvailable ? describe : describe.skip)('proposals and webhooks in the console', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await startConsoleWorld();
  }, 90_000);
  afterAll(() => world?.close());

  it('the partner proposes, the seller signs, and the proposed service is authorized', async () => {
    const partnerPage = await world.signIn(partner);
    await publishService(partnerPage, { name: 'Catalog Care', objects: ['SHOP'], roles: ['PRODUCT_MANAGEMENT_SPECIALIST'], dataCompass: false });
    await partnerPage.getByRole('link', { name: 'Proposals' }).click();
    await partnerPage.getByLabel('Seller id').fill('shop-9');
    await partnerPage.getByLabel('Catalog Care').check();
    await partnerPage.getByLabel('Message (optional)').fill('Your catalogue, kept tidy');
    await partnerPage.getByRole('button', { name: 'Send proposal' }).click();
    await partnerPage.getByText('Proposal sent to shop-9.').waitFor();
    await partnerPage.locator('li[data-proposal] .badge', { hasText: 'PENDING' }).waitFor();

    const sellerPage = await world.signIn(seller, 'seller/proposals');
    const proposal = sellerPage.locator('li[data-proposal]', { hasText: 'Your catalogue, kept tidy' });
    await expect(proposal.textContent()).resolves.toMatch(/Catalog Care: Shop, Product management specialist/);
    await proposal.getByRole('button', { name: 'Sign' }).click();
    await proposal.locator('.badge', { hasText: 'SIGNED' }).waitFor();

    const mine = await call(world.server, 'GET', '/v1/seller/services', seller);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        serviceName: 'Catalog Care',
        status: 'ACTIVE',
        scopes: expect.objectContaining({ sellerCenterRoles: ['PRODUCT_MANAGEMENT_SPECIALIST'] }),
      }),
    ]);
  });

  it('the partner subscribes a webhook: the secret is shown once, and a refused URL is shown at its field', async () => {
    const page = await world.signIn(partner, 'partner/webhooks');
    await page.getByLabel('URL (https)').fill('http://insecure.example.com/hook');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.locator('.field-error[data-field="url"]').waitFor();

    // An address literal: no DNS look-up (this machine reaches no resolver), and a public one.
    await page.getByLabel('URL (https)').fill('https://93.184.215.14/tsp');
    await page.getByLabel('Authorization cancelled').check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    const secret = await page.getByLabel('Signing secret: copy it now, it is shown only once').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.locator('li.card', { hasText: 'https://93.184.215.14/tsp' }).waitFor();

    await page.reload();
    await page.locator('li.card', { hasText: 'https://93.184.215.14/tsp' }).waitFor();
    await expect(page.content()).resolves.not.toContain(secret);
  });
});
