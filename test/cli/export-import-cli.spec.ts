// npm run export and import as an operator runs them: each says on stderr which log it works on
// (DATA_DIR, by the API's rule) and shows its progress in replay's style, ending with a 100% line;
// stdout keeps the result.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureBuilt } from '../hardening/support/child-server.js';

const line = (n: number) =>
  JSON.stringify({
    eventId: `00000000-0000-4000-8000-00000000000${n}`,
    position: String(n),
    streamName: 'service-svc_cli',
    revision: n - 1,
    type: n === 1 ? 'ServicePublished' : 'Noted',
    data: { n },
    metadata: {
      actor: { role: 'partner', sub: 'partner-1' },
      correlationId: 'c-1',
      causationId: null,
      occurredAt: '2026-03-01T10:00:00.000Z',
      schemaVersion: 1,
    },
  });

describe('npm run export / import', () => {
  let dir: string;
  const cli = (program: string, dataDir: string, ...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_OPTIONS: '' };
    delete env.EVENTSTORE_URL;
    return spawnSync(process.execPath, ['apps/cli/run.mjs', program, '--', ...args], { env, encoding: 'utf8' });
  };

  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'tsp-export-cli-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('say where they read and write, and end their progress at 100%', () => {
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, `${[1, 2, 3].map(line).join('\n')}\n`);
    const imported = cli('import', join(dir, 'a'), '--in', input);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain(`import: writing the event log in DATA_DIR=${join(dir, 'a')} (events.db)`);
    expect(imported.stderr).toMatch(/^import: 3 events, 100%, [\d,]+ events\/s, about 0 s left$/m);
    expect(imported.stdout).toMatch(/^imported 3 events into /);

    const out = join(dir, 'out.ndjson');
    const exported = cli('export', join(dir, 'a'), '--out', out);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain(`export: reading the event log in DATA_DIR=${join(dir, 'a')} (events.db)`);
    expect(exported.stderr).toMatch(/^export: 3 events, 100%, [\d,]+ events\/s, about 0 s left$/m);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
  }, 60_000);
});
