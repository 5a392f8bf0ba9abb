// The stored positions and the operations of a commit, checked without a server: MongoDB's
// matching of the guard filters is reproduced with mingo, which evaluates the same documents.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Query } from 'mingo';
import { MongoBulkWriteError } from 'mongodb';
import type { DocumentWrite, ReadDocument } from '../port.js';
import {
  alreadyAppliedIndex,
  checkpointWrite,
  decodePosition,
  deleteGuard,
  encodePosition,
  fromStoredDocument,
  planBulkWrites,
  replaceGuard,
  toStoredDocument,
  writeKey,
} from './writes.js';

const P53 = 2n ** 53n;
const U64_MAX = 2n ** 64n - 1n;
const stored = (id: string, position: bigint) => ({ _id: id, _position: encodePosition(position) });

describe('stored positions', () => {
  it('round-trip above 2^53, up to the largest unsigned 64-bit value', () => {
    for (const p of [0n, 1n, P53, P53 + 1n, 2n ** 63n + 1n, U64_MAX]) expect(decodePosition(encodePosition(p))).toBe(p);
    expect(encodePosition(P53 + 1n)).not.toBe(encodePosition(P53));
  });

  it('order as strings exactly as the positions order (what MongoDB compares)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX }), (a, b) => {
        const [x, y] = [encodePosition(a), encodePosition(b)];
        return a < b === x < y && (a === b) === (x === y);
      }),
    );
    expect(encodePosition(P53) < encodePosition(P53 + 1n)).toBe(true);
  });

  it('refuse what is not an unsigned 64-bit position', () => {
    expect(() => encodePosition(-1n)).toThrow(RangeError);
    expect(() => encodePosition(U64_MAX + 1n)).toThrow(RangeError);
    expect(() => decodePosition(42)).toThrow(TypeError);
    expect(() => decodePosition('42')).toThrow(TypeError);
  });
});

describe('stored documents', () => {
  it('encode _position and drop undefined fields at any depth; decode back to the same document', () => {
    const doc = { _id: 'a', _position: P53 + 1n, kept: null, gone: undefined, nested: { x: 1, y: undefined }, list: [1, undefined] } as ReadDocument;
    const out = toStoredDocument(doc);
    expect(out).toEqual({ _id: 'a', _position: '00009007199254740993', kept: null, nested: { x: 1 }, list: [1, null] });
    expect('gone' in out).toBe(false);
    expect(fromStoredDocument(out)).toEqual({ _id: 'a', _position: P53 + 1n, kept: null, nested: { x: 1 }, list: [1, null] });
  });
});

describe('the applied-position guard', () => {
  it('matches a stored document only at a lower position, including just below 2^53 + 1', () => {
    const guard = new Query(replaceGuard('a', P53 + 1n));
    expect(guard.test(stored('a', P53))).toBe(true);
    expect(guard.test(stored('a', P53 + 1n))).toBe(false);
    expect(guard.test(stored('a', P53 + 2n))).toBe(false);
    expect(guard.test(stored('b', 0n))).toBe(false);
  });

  it('lets a deletion through only for a document no later than the checkpoint', () => {
    const guard = new Query(deleteGuard('a', 10n));
    expect(guard.test(stored('a', 9n))).toBe(true);
    expect(guard.test(stored('a', 10n))).toBe(true);
    expect(guard.test(stored('a', 11n))).toBe(false);
  });
});

describe('the operations of a batch', () => {
  const write = (collection: string, id: string, position: bigint | null, fields: Record<string, unknown> = {}): DocumentWrite => ({
    collection,
    id,
    document: position === null ? null : { _id: id, _position: position, ...fields },
  });

  it('builds one ordered list per collection: guarded upserting replaces and checkpoint-guarded deletes', () => {
    const plans = planBulkWrites([write('auth', 'a', 5n, { v: 1 }), write('svc', 's', 7n), write('auth', 'b', null)], 9n);
    expect(plans).toEqual([
      {
        collection: 'auth',
        keys: [writeKey('auth', 'a'), writeKey('auth', 'b')],
        operations: [
          {
            replaceOne: {
              filter: { _id: 'a', _position: { $lt: encodePosition(5n) } },
              replacement: { _id: 'a', _position: encodePosition(5n), v: 1 },
              upsert: true,
            },
          },
          { deleteOne: { filter: { _id: 'b', _position: { $lte: encodePosition(9n) } } } },
        ],
      },
      {
        collection: 'svc',
        keys: [writeKey('svc', 's')],
        operations: [
          {
            replaceOne: {
              filter: { _id: 's', _position: { $lt: encodePosition(7n) } },
              replacement: { _id: 's', _position: encodePosition(7n) },
              upsert: true,
            },
          },
        ],
      },
    ]);
  });

  it('keeps the last write of a document and leaves out those known to be applied', () => {
    const plans = planBulkWrites([write('auth', 'a', 5n), write('auth', 'b', 6n), write('auth', 'a', 8n)], 8n, new Set([writeKey('auth', 'b')]));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.keys).toEqual([writeKey('auth', 'a')]);
    expect(plans[0]!.operations).toEqual([expect.objectContaining({ replaceOne: expect.objectContaining({ filter: replaceGuard('a', 8n) }) })]);
    expect(planBulkWrites([], 1n)).toEqual([]);
  });

  it('moves the checkpoint forward only ($max on the encoded position)', () => {
    expect(checkpointWrite('authorizations', P53 + 1n)).toEqual({
      filter: { _id: 'authorizations' },
      update: { $max: { position: encodePosition(P53 + 1n) } },
    });
  });

  it('recognises the duplicate _id of a guarded upsert as "already applied", and nothing else', () => {
    const dup = (index: number, errmsg?: string) =>
      new MongoBulkWriteError({ message: 'E11000', code: 11000, writeErrors: [{ code: 11000, index, errmsg } as never] }, {} as never);
    expect(alreadyAppliedIndex(dup(2, 'E11000 duplicate key error collection: rm.auth index: _id_ dup key: { _id: "a" }'))).toBe(2);
    expect(alreadyAppliedIndex(dup(0))).toBe(0);
    expect(alreadyAppliedIndex(dup(1, 'E11000 duplicate key error collection: rm.auth index: email_1'))).toBeUndefined();
    expect(alreadyAppliedIndex({ writeErrors: { code: 112, index: 0 } })).toBeUndefined();
    expect(alreadyAppliedIndex(new Error('network'))).toBeUndefined();
  });
});
