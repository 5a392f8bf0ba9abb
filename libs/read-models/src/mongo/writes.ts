// The stored form of read-model documents and the MongoDB operations of one commit, built by
// pure functions (tested without a server).
//
// The applied-position guard: a document is replaced only where its stored `_position` is lower
// than the write's (`replaceOne({_id, _position: {$lt: p}}, doc, {upsert: true})`). When the
// stored document is at p or later the filter matches nothing and the upsert tries to insert a
// second `_id`: a duplicate-key error, which here means "already applied". Inside a transaction
// that error aborts the transaction on the server (it cannot be swallowed and committed), so the
// store retries the whole commit with that document left out (see `alreadyAppliedIndex`).
// A deletion carries no position of its own; it is guarded by the batch's checkpoint instead: a
// document written by a later batch (`_position` > checkpoint) is not deleted by a replay.
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { DocumentWrite, ReadDocument } from '../port.js';

// How `_position` (and checkpoints) are stored in MongoDB: a 20-digit, zero-padded decimal
// string. Log positions are unsigned 64-bit (EventStoreDB commit positions pass 2^53, where a JS
// number or a BSON double loses them), and 2^64 - 1 has 20 digits. MongoDB compares strings
// bytewise, so for equal-width digit strings `$lt`/`$max`/sort order is numeric order; unlike a
// BSON Long (signed) it holds the whole unsigned range, and unlike Decimal128 the comparison is
// one JS can check in a unit test.
const WIDTH = 20;
const MAX = 2n ** 64n - 1n;
const DIGITS = /^\d{20}$/;

export function encodePosition(position: bigint): string {
  if (position < 0n || position > MAX) throw new RangeError(`position out of the unsigned 64-bit range: ${position}`);
  return position.toString(10).padStart(WIDTH, '0');
}

export function decodePosition(stored: unknown): bigint {
  if (typeof stored !== 'string' || !DIGITS.test(stored)) throw new TypeError(`not a stored position: ${String(stored)}`);
  return BigInt(stored);
}

export const CHECKPOINTS = '_checkpoints';

/** Read models are keyed by string ids, not ObjectIds. */
export type StoredDocument = Document & { _id: string };

export const writeKey = (collection: string, id: string) => `${collection}\u0000${id}`;

export const replaceGuard = (id: string, position: bigint) => ({ _id: id, _position: { $lt: encodePosition(position) } });

export const deleteGuard = (id: string, checkpoint: bigint) => ({ _id: id, _position: { $lte: encodePosition(checkpoint) } });

/** The stored shape: `_position` encoded, `undefined` fields dropped (BSON would store them as null, which `$exists` sees). */
export function toStoredDocument(doc: ReadDocument): Document {
  return { ...(withoutUndefined(doc) as Document), _position: encodePosition(doc._position) };
}

export function fromStoredDocument<D = ReadDocument>(stored: Document): D {
  return { ...stored, _position: decodePosition(stored._position) } as D;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}

export interface BulkPlan {
  collection: string;
  operations: AnyBulkWriteOperation<StoredDocument>[];
  /** `keys[i]` is the writeKey of `operations[i]`. */
  keys: string[];
}

/** One ordered bulkWrite per collection; the last write of a document wins; `skip` holds writeKeys known to be applied. */
export function planBulkWrites(writes: readonly DocumentWrite[], checkpoint: bigint, skip: ReadonlySet<string> = new Set()): BulkPlan[] {
  const latest = new Map<string, DocumentWrite>();
  for (const write of writes) {
    const key = writeKey(write.collection, write.id);
    latest.delete(key);
    latest.set(key, write);
  }
  const plans = new Map<string, BulkPlan>();
  for (const [key, write] of latest) {
    if (skip.has(key)) continue;
    let plan = plans.get(write.collection);
    if (!plan) plans.set(write.collection, (plan = { collection: write.collection, operations: [], keys: [] }));
    plan.keys.push(key);
    plan.operations.push(
      write.document === null
        ? { deleteOne: { filter: deleteGuard(write.id, checkpoint) } }
        : {
            replaceOne: {
              filter: replaceGuard(write.id, write.document._position),
              replacement: { ...toStoredDocument(write.document), _id: write.id },
              upsert: true,
            },
          },
    );
  }
  return [...plans.values()];
}

/** The checkpoint moves forward only. */
export function checkpointWrite(projection: string, checkpoint: bigint) {
  return { filter: { _id: projection }, update: { $max: { position: encodePosition(checkpoint) } } };
}

interface WriteErrorLike {
  code?: number;
  index?: number;
  errmsg?: string;
}

/** The operation index of a duplicate-key error on `_id` in a bulkWrite error, if that is what it is. */
export function alreadyAppliedIndex(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const raw = (error as { writeErrors?: WriteErrorLike | WriteErrorLike[] }).writeErrors;
  const writeErrors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const duplicate = writeErrors.find((w) => w.code === 11000 && (w.errmsg === undefined || w.errmsg.includes('_id_')));
  return duplicate?.index;
}
