// The console in a real browser: Debian's chromium driven by playwright-core, against the API as
// it is served (a child process on the embedded default, in a temp DATA_DIR, on a free port).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Principal } from '#libs/platform';
import { type ChildServer, ensureBuilt, startChildServer } from '../../hardening/support/child-server.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CONSOLE_INDEX = join(ROOT, 'dist/console/index.html');

/**
 * Whether the browser suites run here. Without chromium they are skipped on a workstation, but
 * under CI=true they run and fail: a CI that cannot test the console must not look green.
 */
export const browserAvailable = existsSync(CHROMIUM) || (!!process.env.CI && process.env.CI !== 'false');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** `npm test` builds first; run alone, a suite builds what is older than its sources. */
export function ensureConsoleBuilt(): void {
  ensureBuilt();
  const built = existsSync(CONSOLE_INDEX) ? statSync(CONSOLE_INDEX).mtimeMs : 0;
  if (built >= newest(join(ROOT, 'apps/console'))) return;
  execFileSync('npm', ['run', 'build:console', '--silent'], { cwd: ROOT, stdio: 'pipe' });
}

export interface ConsoleWorld {
  server: ChildServer;
  browser: Browser;
  /** A new browser window (its own sessionStorage), signed in as `principal` through the URL fragment. */
  signIn(principal: Principal, route?: string, options?: { viewport?: { width: number; height: number }; before?: (page: Page) => Promise<void> }): Promise<Page>;
  close(): Promise<void>;
}

export async function startConsoleWorld(): Promise<ConsoleWorld> {
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
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
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
