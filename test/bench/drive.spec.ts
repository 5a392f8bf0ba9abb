// The appends benchmark survives its peer: a rejected or never-settling append is a counted
// failure, and an error the peer's driver throws outside any promise is a counted stray of the
// peer, not the end of the run.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { drive, StrayErrors } from '../../bench/support/drive.js';

describe('drive', () => {
  it('counts rejected appends and goes on with the next index', async () => {
    const done: number[] = [];
    const out = await drive(10, 3, 60_000, async (i) => {
      if (i % 3 === 0) throw new Error('SQLITE_BUSY');
      done.push(i);
    });
    expect(out.failed).toBe(4);
    expect(out.hung).toBe(0);
    expect(done.sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 7, 8]);
  });

  it('counts an append that never settles as failed once its timeout passes', async () => {
    const done: number[] = [];
    const out = await drive(
      4,
      1,
      60_000,
      (i) => {
        if (i === 1) return new Promise<void>(() => {});
        done.push(i);
        return Promise.resolve();
      },
      20,
    );
    expect(out).toMatchObject({ failed: 1, hung: 1 });
    expect(done).toEqual([0, 2, 3]);
  });
});

describe('StrayErrors', () => {
  const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('counts by code what is thrown outside any promise while listening, instead of ending the process', async () => {
    const proc = new EventEmitter();
    const strays = new StrayErrors();
    const unlisten = strays.listen(proc);
    await strays.during(async () => {
      proc.emit('uncaughtException', sqliteError('SQLITE_ERROR', 'SQLITE_ERROR: cannot change into wal mode from within a transaction'));
      proc.emit('uncaughtException', sqliteError('SQLITE_BUSY', 'SQLITE_BUSY: database is locked'));
      proc.emit('unhandledRejection', new Error('something else of the peer'));
    });
    // After the peer's window, a late SQLite error of its driver is still the peer's.
    proc.emit('uncaughtException', sqliteError('SQLITE_BUSY', 'SQLITE_BUSY: database is locked'));
    unlisten();
    expect(strays.total).toBe(4);
    expect(Object.fromEntries(strays.byCode)).toEqual({ SQLITE_ERROR: 1, SQLITE_BUSY: 2, other: 1 });
    expect(proc.listenerCount('uncaughtException')).toBe(0);
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
  });

  it('does not swallow an error that is not the peer: outside its window and not SQLite', () => {
    const strays = new StrayErrors();
    const ours = new TypeError('a bug of ours');
    expect(() => strays.take(ours)).toThrow(ours);
    expect(strays.total).toBe(0);
  });
});
