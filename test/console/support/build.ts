// dist/console, built when it is older than apps/console: `npm test` builds first, but a suite run
// alone (or after an edit of the console) must not test a stale or missing console.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CONSOLE_INDEX = join(ROOT, 'dist/console/index.html');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function ensureConsoleBuilt(): void {
  const built = existsSync(CONSOLE_INDEX) ? statSync(CONSOLE_INDEX).mtimeMs : 0;
  if (built >= newest(join(ROOT, 'apps/console'))) return;
  execFileSync('npm', ['run', 'build:console', '--silent'], { cwd: ROOT, stdio: 'pipe' });
}
