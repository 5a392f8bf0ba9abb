// The partner guide's steps as a user does them in the console, shared by the browser suites.
import type { Page } from 'playwright-core';

export interface ServiceForm {
  name: string;
  markets?: string[];
  objects?: string[];
  roles?: string[];
  dataCompass?: boolean;
  validityDays?: number;
}

const ROLES = [
  'PRODUCT_MANAGEMENT_SPECIALIST',
  'FULFILLMENT_SPECIALIST',
  'MARKETING_SPECIALIST',
  'ADS_MANAGER',
  'AFFILIATE_MANAGER',
  'CUSTOMER_SERVICE_AGENT',
  'FINANCE_SPECIALIST',
];

const label = (constant: string) => {
  const text = constant.toLowerCase().replaceAll('_', ' ').replaceAll('tiktok', 'TikTok');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** Partner, Services page: fills the publish form and sends it; waits for the service's card. */
export async function publishService(page: Page, form: ServiceForm): Promise<void> {
  await page.getByRole('link', { name: 'Services' }).click();
  const publish = page.locator('form', { has: page.getByRole('heading', { name: 'Publish a service' }) });
  await publish.getByLabel('Name', { exact: true }).fill(form.name);
  if (form.validityDays) await publish.getByLabel('Longest validity (days)').fill(String(form.validityDays));
  for (const market of ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'])
    await publish.getByLabel(market, { exact: true }).setChecked((form.markets ?? ['US_L2L']).includes(market));
  for (const object of ['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP', 'TIKTOK_ACCOUNT'])
    await publish.getByLabel(label(object), { exact: true }).setChecked((form.objects ?? ['SHOP']).includes(object));
  for (const role of ROLES) await publish.getByLabel(`Seller Center: ${label(role)}`).setChecked((form.roles ?? []).includes(role));
  await publish.getByLabel('Data compass').setChecked(form.dataCompass ?? true);
  await publish.getByRole('button', { name: 'Publish' }).click();
  await page.locator(`li[data-service="${form.name}"]`).waitFor();
}

/** Partner: the console link of a service, read back from the clipboard the Copy link button filled. */
export async function copyLink(page: Page, serviceName: string): Promise<string> {
  const card = page.locator(`li[data-service="${serviceName}"]`);
  await card.getByRole('button', { name: 'Copy link' }).click();
  await card.getByRole('button', { name: 'Copied' }).waitFor();
  const copied = String(await page.evaluate('navigator.clipboard.readText()'));
  if (copied !== (await card.getByLabel('Authorization link').inputValue())) throw new Error(`the clipboard holds ${copied}, not the link shown`);
  return copied;
}

/** Waits until `read` returns what `expected` accepts, re-reading (the page refreshes itself). */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
