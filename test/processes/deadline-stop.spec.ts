// A start after a long downtime catches up on every deadline that fell due (100,000 expiries is a
// few minutes of appends); a shutdown during that pass must not wait for all of it: the pass ends
// after the batch under way, the reminders' cursor does not move, and what is left is done by the
// next start (every deadline still sits in the due-time index).
import { describe, expect, it } from '@jest/globals';
import type { FindQuery, ReadStore } from '#libs/read-models';
import { ManualClock } from '#libs/platform';
import { DeadlineProcess } from '../../libs/shell/src/processes/deadline.process.js';
import type { IntentExecutor } from '../../libs/shell/src/processes/intent-executor.js';

const DUE = 2_000;

function world() {
  // The due-time index: expiries at 2026-01-01, nothing else due; an expired authorization leaves it.
  const due = new Map(Array.from({ length: DUE }, (_, i) => [`au_${String(i).padStart(5, '0')}`, '2026-01-01T00:00:00.000Z']));
  const readStore = {
    find: async (collection: string, query: FindQuery) => {
      const field = Object.keys(query.filter)[0];
      if (collection !== 'authorization_deadlines' || field !== 'expiresAt') return [];
      return [...due.keys()].slice(0, query.limit).map((authorizationId) => ({ _id: authorizationId, authorizationId, expiresAt: due.get(authorizationId) }));
    },
  } as unknown as ReadStore;
  const cursor = new Map<string, string>();
  const checkpoints = { get: async (k: string) => cursor.get(k), set: async (k: string, v: string) => void cursor.set(k, v) };
  const executed: string[] = [];
  let onExecute = () => {};
  const executor = {
    execute: async (intent: { authorizationId: string }) => {
      executed.push(intent.authorizationId);
      due.delete(intent.authorizationId);
      onExecute();
      return 1;
    },
  } as unknown as IntentExecutor;
  const make = () =>
    new DeadlineProcess(
      readStore,
      checkpoints as never,
      { notify: async () => undefined },
      new ManualClock('2026-02-01T00:00:00.000Z'),
      { processIntervalMs: 60_000 } as never,
      executor,
    );
  return { due, cursor, executed, make, stopAfter: (n: number, stop: () => void) => (onExecute = () => executed.length === n && stop()) };
}

describe('the deadline process on shutdown', () => {
  it('ends a catch-up pass after the batch under way, and the next start finishes it', async () => {
    const w = world();
    const first = w.make();
    let stopped: Promise<void> | undefined;
    w.stopAfter(10, () => (stopped = first.stop()));
    await first.tick();
    await stopped;
    expect(w.executed.length).toBeGreaterThanOrEqual(10);
    expect(w.executed.length).toBeLessThanOrEqual(500); // one batch, not the 2,000 due
    expect(w.cursor.has('process:reminders')).toBe(false);
    await first.tick(); // a stopped process starts no pass
    expect(w.executed.length).toBeLessThanOrEqual(500);

    const next = w.make();
    await next.tick();
    expect(w.due.size).toBe(0);
    expect(new Set(w.executed).size).toBe(DUE);
    expect(w.cursor.get('process:reminders')).toBe('2026-02-01T00:00:00.000Z');
  });
});
