// The checkpoint store port's contract: every adapter runs this suite (SQLite in `npm test`,
// MongoDB in `npm run test:integration`). `open` gives a store over empty storage each time.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { CheckpointStore } from '#libs/operational';

export interface CheckpointStoreTraits {
  /** MongoDB's: several projector processes may write, so a value never moves back (a late write of a paused former lease holder). */
  forwardOnly?: boolean;
}

export function checkpointStoreContract(name: string, open: () => Promise<CheckpointStore>, traits: CheckpointStoreTraits = {}): void {
  describe(`checkpoint store contract: ${name}`, () => {
    const aProcess = () => `process-${randomUUID()}`;

    it('answers undefined for a process that never checkpointed', async () => {
      const store = await open();
      expect(await store.get(aProcess())).toBeUndefined();
    });

    it(
      traits.forwardOnly
        ? 'gives back the largest value set: positions by number, times in order'
        : 'gives back the last value set, and moves it either way (the caller decides)',
      async () => {
        const store = await open();
        const p = aProcess();
        await store.set(p, '10');
        expect(await store.get(p)).toBe('10');
        await store.set(p, '42');
        expect(await store.get(p)).toBe('42');
        await store.set(p, '7');
        expect(await store.get(p)).toBe(traits.forwardOnly ? '42' : '7');
        if (!traits.forwardOnly) return;
        await store.set(p, '18446744073709551615');
        await store.set(p, '9007199254740993');
        expect(await store.get(p)).toBe('18446744073709551615');
        const t = aProcess();
        await store.set(t, '2026-03-01T10:00:00.000Z');
        await store.set(t, '2026-02-28T10:00:00.000Z');
        expect(await store.get(t)).toBe('2026-03-01T10:00:00.000Z');
      },
    );

    it('keeps each process apart', async () => {
      const store = await open();
      const [a, b] = [aProcess(), aProcess()];
      await store.set(a, '1');
      await store.set(b, '2');
      expect([await store.get(a), await store.get(b)]).toEqual(['1', '2']);
    });

    it('keeps values as the exact strings given: positions past 2^53, times, the empty string', async () => {
      const store = await open();
      const values = ['18446744073709551615', '9007199254740993', '2026-03-01T10:00:00.000Z', '', '0007'];
      const names = values.map(() => aProcess());
      for (const [i, value] of values.entries()) await store.set(names[i]!, value);
      for (const [i, value] of values.entries()) expect(await store.get(names[i]!)).toBe(value);
    });

    it('takes concurrent first writes of many processes, each kept', async () => {
      const store = await open();
      const names = Array.from({ length: 20 }, () => aProcess());
      await Promise.all(names.map((n, i) => store.set(n, String(i))));
      expect(await Promise.all(names.map((n) => store.get(n)))).toEqual(names.map((_, i) => String(i)));
    });

    it('settles concurrent writes of one process on one of the values written', async () => {
      const store = await open();
      const p = aProcess();
      const written = Array.from({ length: 10 }, (_, i) => String(i));
      await Promise.all(written.map((v) => store.set(p, v)));
      if (traits.forwardOnly) expect(await store.get(p)).toBe('9');
      else expect(written).toContain(await store.get(p));
    });
  });
}
