// The nearest peer: Emmett's SQLite event store (@event-driven-io/emmett-sqlite), installed on
// demand into bench/.scratch (gitignored; never a dependency of the product) by the full run only.
// Anything that goes wrong here makes the peer "unavailable (<reason>)", never a failed bench.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCRATCH } from './context.js';

const PACKAGE_DIR = join(SCRATCH, 'node_modules', '@event-driven-io', 'emmett-sqlite');
/**
 * emmett-sqlite's peers: Emmett's core and node-sqlite3 (compiled from source here: ~2 minutes
 * the first time), and the core's own peers (async-retry, uuid, commander). emmett-sqlite 0.42.4
 * asks for a core 0.42.4 that was never published (the newest core is 0.42.0), hence
 * --legacy-peer-deps (which installs no peers by itself: they are named here) and the core's latest.
 */
const PEERS = ['@event-driven-io/emmett-sqlite', '@event-driven-io/emmett', 'sqlite3@^5.1.7', 'async-retry@^1.3.3', 'uuid@^10.0.0', 'commander@^12.1.0'];
const INSTALL = ['install', '--prefix', SCRATCH, '--no-audit', '--no-fund', '--legacy-peer-deps', ...PEERS];
const installed = (name: string) => existsSync(join(SCRATCH, 'node_modules', ...name.split('/'), 'package.json'));
const INSTALL_TIMEOUT_MS = 8 * 60_000;

/** The part of Emmett's API the benchmark uses (read from its dist/index.d.ts). */
export interface EmmettSqlite {
  getSQLiteEventStore(options: { fileName: string; schema?: { autoMigration?: 'None' | 'CreateOrUpdate' } }): {
    appendToStream(streamName: string, events: Array<{ type: string; data: unknown; metadata?: unknown }>): Promise<{ lastEventGlobalPosition: bigint }>;
    readStream(streamName: string): Promise<{ events: unknown[] }>;
  };
  sqliteConnection(options: { fileName: string }): { querySingle<T>(sql: string): Promise<T | null>; close(): void };
}

export type PeerLoad = { ok: true; module: EmmettSqlite; version: string } | { ok: false; reason: string };

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4_000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4_000)));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, output: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const lastLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.includes('Unknown user config'))
    .slice(-1)[0] ?? 'no output';

export async function loadEmmett(log: (m: string) => void): Promise<PeerLoad> {
  try {
    if (!PEERS.every((p) => installed(p.replace(/(.)@.*$/, '$1')))) {
      log(`installing the peer: npm ${INSTALL.join(' ')} (node-sqlite3 may compile from source: a few minutes)`);
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const { code, output } = await run(npm, INSTALL, INSTALL_TIMEOUT_MS);
      if (code !== 0) return { ok: false, reason: `npm install failed (${code}): ${lastLine(output)}` };
    }
    const version = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
    const module = (await import(pathToFileURL(join(PACKAGE_DIR, 'dist', 'index.js')).href)) as EmmettSqlite;
    if (typeof module.getSQLiteEventStore !== 'function') return { ok: false, reason: 'getSQLiteEventStore is not exported' };
    return { ok: true, module, version };
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0]! };
  }
}

/** Emmett's connection logs every failed transaction with console.log: counted, not printed. */
export async function withQuietConsole<T>(fn: () => Promise<T>): Promise<{ result: T; suppressed: number }> {
  const original = console.log;
  let suppressed = 0;
  console.log = () => {
    suppressed++;
  };
  try {
    return { result: await fn(), suppressed };
  } finally {
    console.log = original;
  }
}
