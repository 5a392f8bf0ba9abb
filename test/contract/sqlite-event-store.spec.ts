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
    for (let from = 0n; ;) {
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

describe('SQLite event store: an append that fails half-way', () => {
  // The second event reuses an event id already in the log: its insert fails after the first one's.
  it('leaves none of its events, alone (no savepoint) or in a group commit, and the next appends go on', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'half-way.db') });
    try {
      const taken = anEvent();
      await store.append(uniqueStream(), [taken], 'no_stream');
      const failing = () => [anEvent(), { ...anEvent(), eventId: taken.eventId }];
      // better-sqlite3's SqliteError may come from another realm than Jest's ESM sandbox (toThrow
      // would not see an Error): the refusal is checked by its code.
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => 'appended',
          (error: unknown) => (error as { code?: unknown }).code,
        );
      const alone = uniqueStream();
      expect(await refusal(store.append(alone, failing(), 'no_stream'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
      expect(await store.readStream(alone)).toEqual([]);
      const grouped = uniqueStream();
      const others = Array.from({ length: 5 }, () => uniqueStream());
      const outcomes = await Promise.allSettled([
        store.append(grouped, failing(), 'no_stream'),
        ...others.map((s) => store.append(s, [anEvent()], 'no_stream')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(await store.readStream(grouped)).toEqual([]);
      for (const s of others) expect(await store.readStream(s)).toHaveLength(1);
      const after = await store.append(alone, [anEvent()], 'no_stream');
      expect(after.position).toBe(await store.headPosition());
      expect((await store.readAll({ fromPosition: 0n, limit: 100 })).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    } finally {
      await store.close();
    }
  });
});
