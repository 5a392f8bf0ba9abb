import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { SqliteEventStore } from '#libs/event-store';
import { eventStoreContract } from './event-store.contract.js';
import { anEvent, uniqueStream } from '../support/events.js';

const dir = mkdtempSync(join(tmpdir(), 'tsp-es-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('SQLite (file)', async () => new SqliteEventStore({ file: join(dir, 'contract.db') }), { gapFreePositions: true });

describe('SQLite event store durability', () => {
  it('finds every acknowledged event after the appending process is killed with SIGKILL', async () => {
    const file = join(dir, 'killed.db');
    const child = spawn(process.execPath, ['dist/test/support/append-until-killed.js', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
        if (acknowledged.length >= 2_000) resolve();
      });
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const reopened = new SqliteEventStore({ file });
    const stored = new Set<string>();
    for (let from = 0n; ; ) {
      const page = await reopened.readAll({ fromPosition: from, limit: 5_000 });
      if (!page.length) break;
      for (const e of page) stored.add(e.eventId);
      from = page[page.length - 1]!.position;
    }
    await reopened.close();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size % 2).toBe(0); // whole appends only
  });

  it('keeps positions gap-free and ordered across reopenings', async () => {
    const file = join(dir, 'reopen.db');
    let store = new SqliteEventStore({ file });
    await store.append(uniqueStream(), [anEvent(), anEvent()], 'no_stream');
    await store.close();
    store = new SqliteEventStore({ file });
    const result = await store.append(uniqueStream(), [anEvent()], 'no_stream');
    expect(result.position).toBe(3n);
    await store.close();
  });

  it('upcasts events when they are read', async () => {
    const store = new SqliteEventStore({
      file: join(dir, 'upcast.db'),
      upcast: (e) => (e.type === 'Old' ? { ...e, type: 'New', data: { upgraded: true } } : e),
    });
    const stream = uniqueStream();
    await store.append(stream, [anEvent('Old')], 'no_stream');
    expect((await store.readStream(stream))[0]).toMatchObject({ type: 'New', data: { upgraded: true } });
    await store.close();
  });
});
