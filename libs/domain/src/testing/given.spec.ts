// The helper itself: a chain without then must not pass silently.
import { describe, expect, it } from '@jest/globals';
import { type Decider, fold } from '../shared/decider.js';
import { givenFor } from './given.js';

type Counted = { type: 'Counted'; data: { n: number } };
const counter: Decider<{ by: number }, number, Counted> = {
  initialState: () => 0,
  evolve: (n, e) => n + e.data.n,
  decide: (c) => (c.by === 0 ? [] : [{ type: 'Counted', data: { n: c.by } }]),
};
const given = givenFor(counter);

describe('given/when/then for deciders', () => {
  it('then compares the events decided on the folded history', () => {
    given({ type: 'Counted', data: { n: 1 } })
      .when({ by: 2 })
      .then({ type: 'Counted', data: { n: 2 } });
    expect(fold(counter.evolve, 0, [{ type: 'Counted', data: { n: 1 } }])).toBe(1);
  });

  it('awaiting a when() without then() fails', async () => {
    await expect((async () => await (given().when({ by: 1 }) as unknown as Promise<unknown>))()).rejects.toThrow(/without then/);
  });
});
