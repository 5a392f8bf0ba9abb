// The CLIs' and `npm start`'s launcher: builds dist/ only when it is missing or older than the
// sources, then runs the compiled program in this same process (no `tsc` on every call).
//
//   node apps/cli/run.mjs token --role partner --sub partner-1    # token, replay, export, import, openapi-types
//   node apps/cli/run.mjs --if-stale                              # prestart: build only when needed
//   node apps/cli/run.mjs --build                                 # npm run build: always build
//
// Plain JavaScript on purpose: it must run before anything is compiled. The build is current when
// dist/.build-stamp (written after a clean `tsc`) is newer than every file under apps/ and libs/
// and than package.json and tsconfig.json; tsc itself is incremental (dist/.tsbuildinfo), so a
// rebuild compiles only what changed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const STAMP = join(ROOT, 'dist/.build-stamp');
const PROGRAMS = ['token', 'replay', 'export', 'import', 'openapi-types'];
const entryOf = (program) => join(ROOT, `dist/apps/cli/src/${program}.js`);
const SERVER = join(ROOT, 'dist/apps/api/src/main.js');

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Why dist/ must be built, or undefined when it is current. */
export function staleReason() {
  if (!existsSync(STAMP) || !existsSync(SERVER)) return 'dist/ has not been built';
  const built = statSync(STAMP).mtimeMs;
  const sources = Math.max(
    newestUnder(join(ROOT, 'apps')),
    newestUnder(join(ROOT, 'libs')),
    statSync(join(ROOT, 'package.json')).mtimeMs,
    statSync(join(ROOT, 'tsconfig.json')).mtimeMs,
  );
  return sources > built ? 'a source changed since the last build' : undefined;
}

function build(reason) {
  if (reason) process.stderr.write(`build: ${reason}; compiling (tsc, incremental)...\n`);
  const started = Date.now();
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.json')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (tsc.status !== 0) {
    process.stderr.write(`build: tsc failed (exit ${tsc.status ?? tsc.signal}); fix the errors above\n`);
    process.exit(tsc.status || 1);
  }
  // The console (apps/console) is part of what `npm start` serves: its API types generated from the
  // server just built (not in git: see apps/console/scripts/api-types.mjs), then type-checked and
  // bundled by Vite.
  for (const [what, args] of [
    ["the console's API types", [join(ROOT, 'apps/console/scripts/api-types.mjs')]],
    ["the console's type check", [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'apps/console/tsconfig.json')]],
    [
      "the console's bundle (vite)",
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'apps/console/vite.config.ts'), '--logLevel', 'warn'],
    ],
  ]) {
    const step = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (step.status !== 0) {
      process.stderr.write(`build: ${what} failed (exit ${step.status ?? step.signal}); fix the errors above\n`);
      process.exit(step.status || 1);
    }
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  if (reason) process.stderr.write(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--build') build();
else if (first === '--if-stale') {
  const reason = staleReason();
  if (reason) build(reason);
} else if (PROGRAMS.includes(first)) {
  const reason = staleReason();
  if (reason) build(reason);
  // The program sees itself as the main module (runIfMain) with its own arguments.
  process.argv = [process.argv[0], entryOf(first), ...(rest[0] === '--' ? rest.slice(1) : rest)];
  await import(pathToFileURL(entryOf(first)).href);
} else {
  process.stderr.write(`usage: node apps/cli/run.mjs <${PROGRAMS.join('|')}> [options] | --if-stale | --build\n`);
  process.exit(2);
}
