// The console in a real browser: Debian's chromium driven by playwright-core, against the API as
// it is served (a child process on the embedded default, in a temp DATA_DIR, on a free port).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Principal } from '#libs/platform';
import { type ChildServer, ensureBuilt, startChildServer } from '../../hardening/support/child-server.js';
import { ensureConsoleBuilt } from './build.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suites run here. Without chromium they are skipped on a workstation, but
 * under CI=true they run and fail: a CI that cannot test the console must not look green.
 */
export const browserAvailable = existsSync(CHROMIUM) || (!!process.env.CI && process.env.CI !== 'false');

export interface ConsoleWorld {
  server: ChildServer;
  browser: Browser;
  /** A new browser window (its own sessionStorage), signed in as `principal` through the URL fragment. */
  signIn(
    principal: Principal,
    route?: string,
    options?: { viewport?: { width: number; height: number }; before?: (page: Page) => Promise<void> },
  ): Promise<Page>;
  close(): Promise<void>;
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
  ensureBuilt();
  ensureConsoleBuilt();
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (CI=true runs the browser tests and fails without it)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  const server = await startChildServer(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    async signIn(principal, route, options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? { width: 1280, height: 900 },
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      contexts.push(context);
      const page = await context.newPage();
      page.on('dialog', (dialog) => void dialog.accept());
      page.setDefaultTimeout(10_000);
      await options.before?.(page);
      await page.goto(`${server.url}/console#token=${server.token(principal)}${route ? `&/${route}` : ''}`);
      await page.getByTestId('signed-in').waitFor();
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
