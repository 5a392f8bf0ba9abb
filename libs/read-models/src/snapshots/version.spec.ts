// A snapshot is loaded only by the code that wrote it: the version must see the folding code's
// files, or a change to an evolve would let an old snapshot through.
import { describe, expect, it } from '@jest/globals';
import { PROJECTION_COLLECTIONS, PROJECTIONS } from '../index.js';
import { foldingCodeHash, projectionsVersion } from './version.js';

describe('projectionsVersion', () => {
  it('hashes the files of libs/domain and of the projections (found from this module)', () => {
    expect(foldingCodeHash()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes with what the projections declare', () => {
    const version = projectionsVersion(PROJECTIONS, PROJECTION_COLLECTIONS);
    expect(projectionsVersion(PROJECTIONS, PROJECTION_COLLECTIONS)).toBe(version);
    expect(projectionsVersion(PROJECTIONS.slice(1), PROJECTION_COLLECTIONS)).not.toBe(version);
    const renamed = PROJECTION_COLLECTIONS.map((c, i) => (i === 0 ? { ...c, equalityIndexes: [...c.equalityIndexes, 'x'] } : c));
    expect(projectionsVersion(PROJECTIONS, renamed)).not.toBe(version);
  });
});
