// npm run console:screenshots: every page of the console, in chromium, into docs/console/*.png.
// Starts the built server on a free port with a throwaway DATA_DIR, gives it a small history
// through the public API (two partners' worth of services, sellers, requests, a proposal, a
// webhook), then signs each role in and photographs its pages at 1280 px, and two at 390 px.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const OUT = join(ROOT, 'docs/console');
const SECRET = 'console-screenshots-secret-that-is-long-enough-0123456789';
const { tokenSigner, SystemClock } = await import(join(ROOT, 'dist/libs/platform/src/index.js'));
const sign = tokenSigner(SECRET, new SystemClock());

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'console-shots-'));
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  AUTH_JWT_SECRET: SECRET,
  LOG_LEVEL: 'silent',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_SCHEDULE_MS: '600000',
};
for (const name of ['EVENTSTORE_URL', 'MONGODB_URL', 'NODE_OPTIONS']) delete env[name];
const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], { env, stdio: 'inherit' });

const partner = { role: 'partner', sub: 'partner-1' };
const seller = (sub, market) => ({ role: 'seller', sub, market });
async function call(principal, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${sign(principal, 3600)}`, ...(body && { 'content-type': 'application/json' }) },
    ...(body && { body: JSON.stringify(body) }),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

async function seed() {
  const ads = await call(partner, 'POST', '/v1/services', {
    name: 'Ads Booster',
    description: 'We run and tune your TikTok ads.',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'US_CB', 'EU'],
    validityDays: 180,
    requestedScopes: {
      authorizedObjects: ['SHOP', 'SHOP_AND_TIKTOK_ACCOUNT'],
      shopOperationTicket: true,
      sellerCenterRoles: ['ADS_MANAGER', 'MARKETING_SPECIALIST'],
      dataCompass: true,
    },
  });
  const sync = await call(partner, 'POST', '/v1/services', {
    name: 'Order Sync',
    description: 'Orders and stock, synchronised with your ERP.',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    validityDays: 90,
    requestedScopes: { authorizedObjects: ['SHOP'], sellerCenterRoles: ['FULFILLMENT_SPECIALIST'] },
  });
  const reports = await call(partner, 'POST', '/v1/services', {
    name: 'Custom Reports',
    description: 'Weekly reports for named shops.',
    visibility: 'CUSTOM',
    markets: ['US_L2L', 'US_CB'],
    sellerIds: ['shop-1', 'shop-5'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
  });
  const legacy = await call(partner, 'POST', '/v1/services', {
    name: 'Legacy Feed',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
  });
  await call(partner, 'POST', `/v1/services/${legacy.serviceId}/deactivate`, { reason: 'replaced by Order Sync' });
  const l2lAds = { authorizedObject: 'SHOP', shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'], dataCompass: true };
  const shop1 = await call(seller('shop-1', 'US_L2L'), 'POST', '/v1/authorizations', {
    linkCode: ads.linkCode,
    grants: [
      { serviceId: ads.serviceId, scopes: l2lAds, autoRenew: true },
      {
        serviceId: sync.serviceId,
        scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['FULFILLMENT_SPECIALIST'], shopOperationTicket: false, dataCompass: false },
        validityDays: 30,
      },
    ],
  });
  await call(seller('shop-2', 'US_L2L'), 'POST', '/v1/authorizations', {
    linkCode: ads.linkCode,
    grants: [{ serviceId: ads.serviceId, scopes: { ...l2lAds, authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT' }, validityDays: 20 }],
  });
  await call(seller('shop-3', 'US_CB'), 'POST', '/v1/authorizations', {
    linkCode: ads.linkCode,
    grants: [{ serviceId: ads.serviceId, scopes: { dataCompass: true, shopOperationTicket: false, sellerCenterRoles: [] } }],
  });
  const eu = await call(seller('shop-4', 'EU'), 'POST', '/v1/authorizations', {
    linkCode: ads.linkCode,
    grants: [{ serviceId: ads.serviceId, scopes: { dataCompass: true, shopOperationTicket: true, sellerCenterRoles: [] } }],
  });
  await call(seller('shop-4', 'EU'), 'POST', `/v1/authorizations/${eu.authorizations[0].authorizationId}/cancel`, { reason: 'season over' });
  const [shop1Ads, shop1Sync] = shop1.authorizations;
  await call(partner, 'POST', `/v1/authorizations/${shop1Ads.authorizationId}/renewal-requests`, {});
  await call(partner, 'POST', `/v1/authorizations/${shop1Sync.authorizationId}/cancellation-requests`, {
    reason: 'Order Sync moves to a new plan',
    note: 'We will send you a proposal for the new plan.',
  });
  await call(partner, 'POST', '/v1/proposals', {
    sellerId: 'shop-1',
    sellerMarket: 'US_L2L',
    message: 'Weekly reports for your shop, on us for the first month.',
    services: [{ serviceId: reports.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true, shopOperationTicket: false, sellerCenterRoles: [] } }],
  });
  await call(partner, 'POST', '/v1/proposals', {
    sellerId: 'shop-5',
    sellerMarket: 'US_CB',
    services: [{ serviceId: ads.serviceId, scopes: { dataCompass: true, shopOperationTicket: true, sellerCenterRoles: [] }, validityDays: 90 }],
  });
  await call(partner, 'POST', '/v1/webhooks', {
    url: `http://127.0.0.1:9/hooks/tsp`,
    eventTypes: ['AUTHORIZATION_GRANTED', 'AUTHORIZATION_CANCELLED', 'AUTHORIZATION_RENEWED'],
  });
  await call(seller('shop-2', 'US_L2L'), 'POST', '/v1/authorizations', {
    linkCode: sync.linkCode,
    grants: [
      {
        serviceId: sync.serviceId,
        scopes: { authorizedObject: 'SHOP', sellerCenterRoles: ['FULFILLMENT_SPECIALIST'], shopOperationTicket: false, dataCompass: false },
      },
    ],
  });
  return { ads, shop1Ads };
}

try {
  for (let tries = 0; ; tries++) {
    if (
      await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (tries > 300) throw new Error('the server was not ready within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { ads, shop1Ads } = await seed();
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const open = async (principal, route, width = 1280) => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(principal ? `${base}/console#token=${sign(principal, 3600)}&/${route}` : `${base}/console`);
    // Not 'networkidle': the live changes stream stays open.
    await page.locator(principal ? '[data-testid="signed-in"]' : '#token').waitFor();
    await page.waitForTimeout(400);
    return page;
  };
  const shot = async (page, name) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`docs/console/${name}.png`);
  };

  await shot(await open(null), 'sign-in');
  let page = await open(partner, 'partner/services');
  await page.getByLabel('Name', { exact: true }).fill('Live Chat Desk');
  await page.getByLabel('Seller Center: Customer service agent').check();
  await shot(page, 'partner-services');
  page = await open(partner, 'partner/sellers');
  await shot(page, 'partner-sellers');
  await page.locator('tr[data-seller="shop-2"][data-service="Ads Booster"]').getByRole('button', { name: 'Request cancellation' }).click();
  await page.getByLabel('Reason for the seller').fill('The Ads Booster plan ends in March');
  await shot(page, 'partner-sellers-cancellation-request');
  await shot(await open(partner, 'partner/sellers', 390), 'partner-sellers-390');
  page = await open(partner, 'partner/proposals');
  await shot(page, 'partner-proposals');
  page = await open(partner, 'partner/webhooks');
  await page.getByRole('button', { name: 'Deliveries' }).click();
  await page.locator('li.card table, li.card .muted').last().waitFor();
  await shot(page, 'partner-webhooks');

  page = await open(seller('shop-6', 'US_L2L'), `link/${ads.linkCode}`);
  await page.getByLabel('Authorize Ads Booster').check();
  await page.getByLabel('Authorize Order Sync').check();
  await shot(page, 'seller-authorization-page');
  page = await open(seller('shop-1', 'US_L2L'), 'seller/services');
  await page.locator('li[data-service="Ads Booster"]').getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Save' }).waitFor();
  await shot(page, 'seller-my-services');
  await shot(await open(seller('shop-1', 'US_L2L'), 'seller/services', 390), 'seller-my-services-390');
  await shot(await open(seller('shop-1', 'US_L2L'), 'seller/proposals'), 'seller-proposals');

  const auditor = { role: 'auditor', sub: 'auditor-1' };
  await shot(await open(auditor, 'audit/events'), 'audit-events');
  page = await open(auditor, `audit/authorizations/${shop1Ads.authorizationId}`);
  await page.getByRole('button', { name: 'AuthorizationGranted' }).click();
  await page.getByTestId('state-as-of').waitFor();
  await shot(page, 'audit-timeline');
  await shot(await open({ role: 'admin', sub: 'ops-1' }, 'admin'), 'admin');
  await browser.close();
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
