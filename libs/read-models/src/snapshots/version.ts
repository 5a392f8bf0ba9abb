// Which projection code a snapshot was written by. A snapshot holds documents as some version of
// the projections made them; loaded by other code it would serve documents that code would never
// have made (a new field missing, a changed fold), so it is only loaded by the code that wrote it,
// and otherwise the log is replayed. The hash covers what can be checked mechanically (names,
// collections, indexes, handled types, the snapshot format) and the text of the code that folds
// events into documents: every module of libs/domain (the evolves the projections call) and of
// the projections themselves, as this process runs them (compiled .js, or .ts under Jest). Any
// change there, even one that would not change a document, means one full replay at the next
// start: slower once, never a snapshot of other code served. PROJECTIONS_VERSION stays as an
// explicit switch.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CollectionSpec } from '../port.js';
import type { Projection } from '../projection.js';

/** Bump with every change to what any projection writes (its evolve, its document's fields). */
export const PROJECTIONS_VERSION = 2;

/** The encoding of snapshot chunks (codec.ts). */
export const SNAPSHOT_FORMAT = 2;

const FOLDING_CODE = [new URL('../../../domain/src/', import.meta.url), new URL('../projections/', import.meta.url)];
const isCode = (name: string) => /\.(js|ts)$/.test(name) && !/\.(spec|d)\.(js|ts)$/.test(name);
let codeHash: string | undefined;

/** A hash of the folding code's files, in path order; '' where they cannot be read (then only the rest counts). */
export function foldingCodeHash(): string {
  if (codeHash !== undefined) return codeHash;
  const hash = createHash('sha256');
  try {
    for (const root of FOLDING_CODE) {
      const dir = fileURLToPath(root);
      const files = (readdirSync(dir, { recursive: true }) as string[]).filter(isCode).sort();
      for (const file of files)
        hash
          .update(file)
          .update('\0')
          .update(readFileSync(dir + file))
          .update('\0');
    }
    codeHash = hash.digest('hex').slice(0, 16);
  } catch {
    codeHash = '';
  }
  return codeHash;
}

export function projectionsVersion(projections: readonly Projection[], collections: readonly CollectionSpec[]): string {
  const described = {
    projectionsVersion: PROJECTIONS_VERSION,
    format: SNAPSHOT_FORMAT,
    code: foldingCodeHash(),
    projections: projections.map((p) => [p.name, p.collection, [...p.handles].sort()]),
    collections: collections.map((c) => [c.name, [...c.equalityIndexes], [...(c.orderedIndexes ?? [])]]),
  };
  return `${PROJECTIONS_VERSION}-${createHash('sha256').update(JSON.stringify(described)).digest('hex').slice(0, 16)}`;
}
