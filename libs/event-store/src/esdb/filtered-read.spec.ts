import { describe, expect, it } from '@jest/globals';
import { eventTypePattern, filteredReadAll } from './filtered-read.js';

describe('server-side event type filter', () => {
  it('matches exactly the listed types, their characters taken literally', () => {
    const pattern = new RegExp(eventTypePattern(['ServiceDeactivated', 'A.B+', 'C']));
    for (const type of ['ServiceDeactivated', 'A.B+', 'C']) expect(pattern.test(type)).toBe(true);
    for (const type of ['ServiceDeactivatedLater', 'XServiceDeactivated', 'AxB+', 'A.BB', 'CC', '']) expect(pattern.test(type)).toBe(false);
  });

  it('is not sent by a client without the call helpers (the caller filters instead)', () => {
    expect(filteredReadAll({ readAll: () => [] }, { fromPosition: 0n, maxCount: 10, types: ['A'] })).toBeUndefined();
  });
});
