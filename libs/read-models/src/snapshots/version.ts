// Which projection code a snapshot was written by. A snapshot holds documents as some version of
// the projections made them; loaded by other code it would serve documents that code would never
// have made (a new field missing, a changed fold), so it is only loaded by the code that wrote it,
// and otherwise the log is replayed. The hash covers what can be checked mechanically (names,
// collections, indexes, handled types, the snapshot format); a change inside an evolve cannot be
// seen that way: bump PROJECTIONS_VERSION with it.
import { createHash } from 'node:crypto';
import type { CollectionSpec } from '../port.js';
import type { Projection } from '../projection.js';

/** Bump with every change to what any projection writes (its evolve, its document's fields). */
export const PROJECTIONS_VERSION = 2;

/** The encoding of snapshot chunks (codec.ts). */
export const SNAPSHOT_FORMAT = 2;

export function projectionsVersion(projections: readonly Projection[], collections: readonly CollectionSpec[]): string {
  const described = {
    projectionsVersion: PROJECTIONS_VERSION,
    format: SNAPSHOT_FORMAT,
    projections: projections.map((p) => [p.name, p.collection, [...p.handles].sort()]),
    collections: collections.map((c) => [c.name, [...c.equalityIndexes], [...(c.orderedIndexes ?? [])]]),
  };
  return `${PROJECTIONS_VERSION}-${createHash('sha256').update(JSON.stringify(described)).digest('hex').slice(0, 16)}`;
}
