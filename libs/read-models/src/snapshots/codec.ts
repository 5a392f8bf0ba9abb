// The encoding of a snapshot chunk: documents as rows of values under shared key lists ("shapes"),
// JSON text. Writing every document as a JSON object repeats its ~20 keys (about 40% of the
// bytes) and makes JSON.parse build each object key by key; rows under a shape are smaller, and
// a compiled object literal per shape gives every document of that shape one hidden class at
// once, which is what makes loading a snapshot faster than replaying the log.
//
// Columns that repeat a few values (a partner, a service, a market, a status, the scopes) are
// written once per chunk in a value table and referred to by index: the text is smaller, parsing
// it makes one string or object per distinct value instead of one per document, and the loaded
// documents share them (documents are never changed in place, so sharing is safe).
//
// `_position` (a bigint, which JSON cannot hold) is written as a number, or a string past 2^53.
// A field whose value is undefined is left out, as JSON.stringify leaves it out of an object.
import type { ReadDocument } from '../port.js';

export class CorruptSnapshotError extends Error {
  constructor(message: string) {
    super(`corrupt read-model snapshot: ${message}`);
    this.name = 'CorruptSnapshotError';
  }
}

interface EncodedChunk {
  /** Each shape's keys, and which of its columns hold indexes into `values`. */
  shapes: Array<{ keys: string[]; tabled: number[] }>;
  values: unknown[];
  /** [shape index, value per key...] */
  rows: unknown[][];
}

interface ShapeNode {
  index: number;
  next: Map<string, ShapeNode>;
}

/** Rows of a shape looked at to decide which of its columns repeat enough to be tabled. */
const SAMPLE = 256;
const positionOut = (p: bigint): number | string => (p <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(p) : String(p));
const tableKey = (value: unknown) => (typeof value === 'string' ? `s${value}` : `j${JSON.stringify(value)}`);

function tabledColumns(rows: readonly unknown[][], width: number): number[] {
  const sample = rows.slice(0, SAMPLE);
  const out: number[] = [];
  if (sample.length < 8) return out;
  for (let k = 1; k < width; k++) {
    const seen = new Set<string>();
    let repeats = true;
    for (const row of sample) {
      const value = row[k];
      // Numbers and booleans are as short written out as an index would be.
      if (value === null || (typeof value !== 'string' && typeof value !== 'object')) {
        repeats = false;
        break;
      }
      seen.add(tableKey(value));
    }
    if (repeats && seen.size * 4 <= sample.length) out.push(k);
  }
  return out;
}

/** One chunk's text: the documents of one collection. */
export function encodeDocuments(docs: readonly ReadDocument[]): string {
  const root: ShapeNode = { index: -1, next: new Map() };
  const keysOf: string[][] = [];
  const rowsOf: unknown[][][] = [];
  const rows: unknown[][] = new Array(docs.length);
  const keys: string[] = [];
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d]!;
    keys.length = 0;
    // The shape is found by walking a trie of keys: no string is built per document.
    let node = root;
    for (const key in doc) {
      if (doc[key] === undefined || !Object.hasOwn(doc, key)) continue;
      keys.push(key);
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { index: -1, next: new Map() }));
      node = child;
    }
    if (node.index < 0) {
      node.index = keysOf.length;
      keysOf.push([...keys]);
      rowsOf.push([]);
    }
    const row: unknown[] = new Array(keys.length + 1);
    row[0] = node.index;
    for (let k = 0; k < keys.length; k++) {
      const value = doc[keys[k]!];
      row[k + 1] = typeof value === 'bigint' ? positionOut(value) : value;
    }
    rows[d] = row;
    rowsOf[node.index]!.push(row);
  }
  const values: unknown[] = [];
  const indexOf = new Map<string, number>();
  const shapes = keysOf.map((shapeKeys, s) => {
    const tabled = tabledColumns(rowsOf[s]!, shapeKeys.length + 1).filter((k) => shapeKeys[k - 1] !== '_position');
    for (const row of rowsOf[s]!)
      for (const k of tabled) {
        const key = tableKey(row[k]);
        let index = indexOf.get(key);
        if (index === undefined) indexOf.set(key, (index = values.push(row[k]) - 1));
        row[k] = index;
      }
    return { keys: shapeKeys, tabled };
  });
  const chunk: EncodedChunk = { shapes, values, rows };
  return JSON.stringify(chunk);
}

type Build = (row: unknown[], values: unknown[]) => ReadDocument;

/** An object literal for the shape: one hidden class, no per-key stores. Keys are JSON-quoted. */
function compile(keys: readonly string[], tabled: readonly number[]): Build {
  if (keys.includes('__proto__') || !keys.includes('_id') || !keys.includes('_position')) throw new CorruptSnapshotError(`bad shape ${JSON.stringify(keys)}`);
  const fields = keys.map((key, k) => {
    const column = `r[${k + 1}]`;
    const value = key === '_position' ? `BigInt(${column})` : tabled.includes(k + 1) ? `v[${column}]` : column;
    return `${JSON.stringify(key)}: ${value}`;
  });
  return new Function('r', 'v', `return { ${fields.join(', ')} };`) as Build;
}

function parse(text: string): EncodedChunk {
  let chunk: EncodedChunk;
  try {
    chunk = JSON.parse(text) as EncodedChunk;
  } catch (error) {
    throw new CorruptSnapshotError(`unreadable chunk (${(error as Error).message})`);
  }
  if (!chunk || !Array.isArray(chunk.shapes) || !Array.isArray(chunk.rows) || !Array.isArray(chunk.values))
    throw new CorruptSnapshotError('a chunk without shapes, values and rows');
  return chunk;
}

/** The documents of one chunk; throws CorruptSnapshotError when the text is not a chunk. */
export function decodeDocuments(text: string): ReadDocument[] {
  const { shapes, values, rows } = parse(text);
  const builds = shapes.map((shape) => {
    const { keys, tabled } = shape ?? {};
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string') || !Array.isArray(tabled))
      throw new CorruptSnapshotError('a shape that is not a list of keys');
    return { build: compile(keys, tabled), width: keys.length + 1, tabled: tabled as number[] };
  });
  const docs: ReadDocument[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const shape = Array.isArray(row) ? builds[row[0] as number] : undefined;
    if (!shape || row.length !== shape.width) throw new CorruptSnapshotError(`row ${i} does not fit its shape`);
    for (const k of shape.tabled)
      if (!Number.isInteger(row[k]) || (row[k] as number) < 0 || (row[k] as number) >= values.length)
        throw new CorruptSnapshotError(`row ${i} refers to a value the chunk does not have`);
    let doc: ReadDocument;
    try {
      doc = shape.build(row, values);
    } catch {
      throw new CorruptSnapshotError(`row ${i} has no valid position`);
    }
    if (typeof doc._id !== 'string') throw new CorruptSnapshotError(`row ${i} has no _id`);
    docs[i] = doc;
  }
  return docs;
}
