// The idempotency store's MongoDB documents, filters and updates, checked without a server: mingo
// evaluates the same filters and updates MongoDB would be sent. The claim's guard is checked
// against liveRecord on generated records: it must match exactly the records that are not live.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Query, update, updateOne } from 'mingo';
import type { IdempotencyClaim, IdempotentAnswer } from '../idempotency.js';
import {
  claimFilter,
  claimUpdate,
  completeUpdate,
  IDEMPOTENCY_INDEXES,
  type IdempotencyDocument,
  idempotencyId,
  liveRecord,
  ownedClaimFilter,
} from './idempotency-documents.js';

const T = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T + ms);
const claimOf = (patch: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
  scope: 'partner:p-1',
  key: 'k',
  fingerprint: 'fp-b',
  owner: 'owner-b',
  now: at(0),
  lockedUntil: at(30_000),
  expiresAt: at(86_400_000),
  ...patch,
});
const ID = idempotencyId('partner:p-1', 'k');
const ANSWER: IdempotentAnswer = { status: 201, headers: { etag: '"1"', 'x.odd$name': 'v' }, body: '{"ok":true}' };
const inProgress = (patch: Partial<IdempotencyDocument> = {}): IdempotencyDocument => ({
  _id: ID,
  scope: 'partner:p-1',
  key: 'k',
  fingerprint: 'fp-a',
  state: 'IN_PROGRESS',
  owner: 'owner-a',
  lockedUntil: at(30_000),
  createdAt: at(0),
  expiresAt: at(86_400_000),
  ...patch,
});
const completed = (patch: Partial<IdempotencyDocument> = {}): IdempotencyDocument => {
  const { lockedUntil: _, ...rest } = inProgress();
  return { ...rest, state: 'DONE', status: 201, headers: JSON.stringify(ANSWER.headers), body: ANSWER.body, ...patch };
};

describe('the record id', () => {
  it('is one string per (scope, key), whatever characters they hold', () => {
    expect(idempotencyId('a', 'b:c')).not.toBe(idempotencyId('a:b', 'c'));
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        (s1, k1, s2, k2) => (idempotencyId(s1, k1) === idempotencyId(s2, k2)) === (s1 === s2 && k1 === k2),
      ),
    );
  });
});

describe('a live record', () => {
  it('is IN_PROGRESS until lockedUntil and within expiresAt, both exclusive', () => {
    expect(liveRecord(inProgress(), at(29_999))).toEqual({ state: 'IN_PROGRESS', fingerprint: 'fp-a', lockedUntil: at(30_000) });
    expect(liveRecord(inProgress(), at(30_000))).toBeUndefined();
    expect(liveRecord(inProgress({ expiresAt: at(10) }), at(10))).toBeUndefined();
    expect(liveRecord(inProgress({ lockedUntil: undefined }), at(0))).toBeUndefined();
    expect(liveRecord(null, at(0))).toBeUndefined();
  });

  it('is DONE with its answer as it was kept, until expiresAt', () => {
    expect(liveRecord(completed(), at(86_399_999))).toEqual({ state: 'DONE', fingerprint: 'fp-a', answer: ANSWER });
    expect(liveRecord(completed(), at(86_400_000))).toBeUndefined();
    expect(liveRecord(completed({ body: '', headers: '{}', status: 204 }), at(0))).toEqual({
      state: 'DONE',
      fingerprint: 'fp-a',
      answer: { status: 204, headers: {}, body: '' },
    });
  });
});

describe('the claim', () => {
  it('matches exactly the records liveRecord does not return, and no other key', () => {
    const date = fc.option(
      fc.integer({ min: -3, max: 3 }).map((s) => at(s * 1_000)),
      { nil: undefined },
    );
    const record = fc.record({
      state: fc.constantFrom<'IN_PROGRESS' | 'DONE'>('IN_PROGRESS', 'DONE'),
      lockedUntil: fc.oneof(date, fc.constant(null)),
      expiresAt: fc.oneof(date, fc.constant(null)),
    });
    fc.assert(
      fc.property(record, fc.integer({ min: -3, max: 3 }), (r, s) => {
        const now = at(s * 1_000);
        const doc = { ...completed(), ...r } as IdempotencyDocument;
        if (doc.lockedUntil === undefined) delete doc.lockedUntil;
        const filter = new Query(claimFilter(claimOf({ now })));
        return filter.test(doc) === (liveRecord(doc, now) === undefined) && !filter.test({ ...doc, _id: idempotencyId('partner:p-1', 'other') });
      }),
      { numRuns: 500 },
    );
  });

  it('takes over an expired or lapsed record whole: a fresh IN_PROGRESS claim, no answer left', () => {
    const claim = claimOf({ now: at(86_400_000) });
    const expired = [completed()];
    expect(updateOne(expired, claimFilter(claim), claimUpdate(claim) as never).modifiedCount).toBe(1);
    const expected = {
      _id: ID,
      scope: 'partner:p-1',
      key: 'k',
      fingerprint: 'fp-b',
      state: 'IN_PROGRESS',
      owner: 'owner-b',
      lockedUntil: at(30_000),
      createdAt: claim.now,
      expiresAt: at(86_400_000),
    };
    expect(expired[0]).toEqual(expected);
    const lapsed = [inProgress()];
    const later = claimOf({ now: at(30_000) });
    expect(updateOne(lapsed, claimFilter(later), claimUpdate(later) as never).modifiedCount).toBe(1);
    expect(lapsed[0]).toMatchObject({ owner: 'owner-b', fingerprint: 'fp-b', createdAt: at(30_000) });
  });

  it('inserts the whole record when there is none: the upsert keeps only the _id of the filter', () => {
    // What the server does for an upsert that matched nothing: the filter's equality fields
    // (here only _id; an $or of two clauses gives none), then the update applied.
    const claim = claimOf();
    const filter = claimFilter(claim);
    const inserted = { _id: filter._id as string };
    update(inserted, claimUpdate(claim) as never);
    expect(Object.keys(filter).sort()).toEqual(['$or', '_id']);
    expect((filter.$or as unknown[]).length).toBeGreaterThan(1);
    expect(liveRecord(inserted as IdempotencyDocument, claim.now)).toEqual({ state: 'IN_PROGRESS', fingerprint: 'fp-b', lockedUntil: claim.lockedUntil });
  });

  it('leaves a live record alone: the filter misses, and the upsert then meets its _id', () => {
    const held = [inProgress(), completed()];
    expect(updateOne([held[0]!], claimFilter(claimOf({ now: at(29_999) })), claimUpdate(claimOf()) as never).matchedCount).toBe(0);
    expect(updateOne([held[1]!], claimFilter(claimOf({ now: at(60_000) })), claimUpdate(claimOf()) as never).matchedCount).toBe(0);
    expect(held).toEqual([inProgress(), completed()]);
  });
});

describe("the owner's complete and release", () => {
  it("keep the answer in the owner's IN_PROGRESS record, even lapsed, with the expiry given", () => {
    const docs = [inProgress()];
    const filter = ownedClaimFilter('partner:p-1', 'k', 'owner-a');
    expect(updateOne(docs, filter, completeUpdate(ANSWER, at(172_800_000)) as never).modifiedCount).toBe(1);
    expect(docs[0]).toEqual(completed({ expiresAt: at(172_800_000) }));
    expect(liveRecord(docs[0], at(100_000_000))).toEqual({ state: 'DONE', fingerprint: 'fp-a', answer: ANSWER });
  });

  it('match neither another owner nor a DONE record', () => {
    const filter = new Query(ownedClaimFilter('partner:p-1', 'k', 'owner-a'));
    expect(filter.test(inProgress({ lockedUntil: at(-1) }))).toBe(true);
    expect(filter.test(inProgress({ owner: 'owner-b' }))).toBe(false);
    expect(filter.test(completed())).toBe(false);
    expect(filter.test(inProgress({ _id: idempotencyId('partner:p-2', 'k') }))).toBe(false);
  });
});

describe('the TTL index', () => {
  it('deletes a record once its expiresAt has passed (a BSON date, expireAfterSeconds 0)', () => {
    expect(IDEMPOTENCY_INDEXES).toEqual([{ name: 'expires_ttl', key: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    expect(claimUpdate(claimOf()).$set!.expiresAt).toBeInstanceOf(Date);
    expect(completeUpdate(ANSWER, at(1)).$set!.expiresAt).toBeInstanceOf(Date);
  });
});
