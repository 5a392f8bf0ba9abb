// X-Min-Position waits in an API process that does not run the projections (CheckpointProgress):
// one shared poller per process reads the projections' checkpoints while anyone waits and wakes
// every waiter it reached. Counted reads: 100 waiting requests cost the reads of one.
import { describe, expect, it } from '@jest/globals';
import type { EventStore } from '#libs/event-store';
import { testConfig } from '#libs/platform';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import { CheckpointProgress } from '../../libs/shell/src/read-side/checkpoint-progress.js';

/** A read store whose checkpoints reach `position` on the `reachOnRound`-th round of reads, counting every read. */
function countingStore(position: bigint, reachOnRound: number) {
  let reads = 0;
  const store = {
    checkpoint: async () => {
      reads++;
      const round = Math.ceil(reads / PROJECTIONS.length);
      return round >= reachOnRound ? position : 0n;
    },
  } as unknown as ReadStore;
  return { store, reads: () => reads };
}

const progressOver = (store: ReadStore) => new CheckpointProgress({} as EventStore, store, testConfig({ runProjector: false }));

describe('CheckpointProgress: one poller for every X-Min-Position wait', () => {
  it('100 waiting requests cost the same reads as one', async () => {
    const one = countingStore(10n, 3);
    expect(await progressOver(one.store).waitFor(10n, 10_000)).toBe(true);

    const hundred = countingStore(10n, 3);
    const progress = progressOver(hundred.store);
    const answers = await Promise.all(Array.from({ length: 100 }, () => progress.waitFor(10n, 10_000)));
    expect(answers.every(Boolean)).toBe(true);
    expect(hundred.reads()).toBe(one.reads());
    expect(one.reads()).toBe(3 * PROJECTIONS.length);
  });

  it('wakes each waiter when its own position is reached, and answers a reached position without reading', async () => {
    let applied = 0n;
    let reads = 0;
    const store = { checkpoint: async () => (reads++, applied) } as unknown as ReadStore;
    const progress = progressOver(store);
    const early = progress.waitFor(5n, 10_000);
    const late = progress.waitFor(20n, 10_000);
    applied = 5n;
    expect(await early).toBe(true);
    applied = 20n;
    expect(await late).toBe(true);
    const before = reads;
    expect(await progress.waitFor(20n, 10_000)).toBe(true);
    expect(reads).toBe(before);
  });

  it('answers false at the deadline when the position is not reached, and stops reading once nobody waits', async () => {
    let reads = 0;
    const store = { checkpoint: async () => (reads++, 0n) } as unknown as ReadStore;
    const progress = progressOver(store);
    expect(await Promise.all([progress.waitFor(1n, 120), progress.waitFor(1n, 120)])).toEqual([false, false]);
    const after = reads;
    await new Promise((r) => setTimeout(r, 200));
    expect(reads).toBe(after);
  });

  it('keeps waiting through a failed read (the poller tries again)', async () => {
    let calls = 0;
    const store = {
      checkpoint: async () => {
        calls++;
        if (calls <= PROJECTIONS.length) throw new Error('not primary');
        return 7n;
      },
    } as unknown as ReadStore;
    expect(await progressOver(store).waitFor(7n, 10_000)).toBe(true);
  });
});
