// The stored form of Idempotency-Key records in MongoDB and the filters and updates of the
// store, as pure functions (the spec checks them with mingo). Same rules as the SQLite store:
// a record is live until expiresAt (exclusive), and an IN_PROGRESS one only until lockedUntil
// (exclusive); a claim may take a key whose record is absent or not live, and nothing else.
//
// The claim is one updateOne, upsert: true, filtered on "this key, and not live":
//   - no document: the filter misses, the upsert inserts the claim (the `$or` gives the inserted
//     document nothing; only the `_id` equality does);
//   - a document that is not live: the filter matches, the update takes it over, answer cleared;
//   - a live document: the filter misses, the upsert's insert collides with its `_id`: a
//     duplicate key error (11000), which means "held by someone else". The server retries such
//     upserts only when the filter is nothing but equalities on the unique key, which this one is
//     not, so the error reaches the store, which then reads the live record.
// Two concurrent claims are serialised by the `_id` index: one inserts or updates, the other
// then collides or no longer matches. Nothing else writes a record without `owner` in its filter.
import type { Filter, IndexDescription, UpdateFilter } from 'mongodb';
import type { IdempotencyClaim, IdempotencyRecord, IdempotentAnswer } from '../idempotency.js';

// A type, not an interface: it then fits mingo's document type in the specs.
export type IdempotencyDocument = {
  /** idempotencyId(scope, key). */
  _id: string;
  scope: string;
  key: string;
  fingerprint: string;
  state: 'IN_PROGRESS' | 'DONE';
  owner: string;
  /** While IN_PROGRESS. */
  lockedUntil?: Date;
  /** The answer, once DONE. Headers as their JSON text, as SQLite keeps them (a header name may hold '.' or '$'). */
  status?: number;
  headers?: string;
  body?: string;
  createdAt: Date;
  /** A BSON date: the TTL index deletes the record some time after it (its monitor runs about once a minute). */
  expiresAt: Date;
};

/** One string for (scope, key), unambiguous whatever either holds. */
export const idempotencyId = (scope: string, key: string): string => JSON.stringify([scope, key]);

/** The TTL index forgets expired records; until it runs, get and claim see them as absent. */
export const IDEMPOTENCY_INDEXES: readonly IndexDescription[] = [{ name: 'expires_ttl', key: { expiresAt: 1 }, expireAfterSeconds: 0 }];

// `{$not: {$gt: now}}` rather than `{$lte: now}`: it also matches a missing or null date, which
// SQLite's `(locked_until ?? 0) <= now` treats as lapsed. The spec checks this filter against
// liveRecord on generated documents: it matches exactly the records liveRecord does not return.
const notAfter = (now: Date) => ({ $not: { $gt: now } });

export function claimFilter(claim: IdempotencyClaim): Filter<IdempotencyDocument> {
  return {
    _id: idempotencyId(claim.scope, claim.key),
    $or: [{ expiresAt: notAfter(claim.now) }, { state: 'IN_PROGRESS', lockedUntil: notAfter(claim.now) }],
  };
}

/** The whole record is rewritten: a new claim of an expired key keeps nothing of the old one. */
export function claimUpdate(claim: IdempotencyClaim): UpdateFilter<IdempotencyDocument> {
  return {
    $set: {
      scope: claim.scope,
      key: claim.key,
      fingerprint: claim.fingerprint,
      state: 'IN_PROGRESS',
      owner: claim.owner,
      lockedUntil: claim.lockedUntil,
      createdAt: claim.now,
      expiresAt: claim.expiresAt,
    },
    $unset: { status: '', headers: '', body: '' },
  };
}

/** Only the owner's claim, still IN_PROGRESS (even past lockedUntil, if nobody took it over). */
export const ownedClaimFilter = (scope: string, key: string, owner: string): Filter<IdempotencyDocument> => ({
  _id: idempotencyId(scope, key),
  owner,
  state: 'IN_PROGRESS',
});

export function completeUpdate(answer: IdempotentAnswer, expiresAt: Date): UpdateFilter<IdempotencyDocument> {
  return {
    $set: { state: 'DONE', expiresAt, status: answer.status, headers: JSON.stringify(answer.headers), body: answer.body },
    $unset: { lockedUntil: '' },
  };
}

/** A stored date's time; not `instanceof Date`, which fails for a Date made in another realm (vm, Jest). */
function timeOf(value: unknown): number | undefined {
  return Object.prototype.toString.call(value) === '[object Date]' ? (value as Date).getTime() : undefined;
}

/** The record as the port shows it, or undefined when it is absent or no longer live at `now`. */
export function liveRecord(doc: IdempotencyDocument | null | undefined, now: Date): IdempotencyRecord | undefined {
  const at = now.getTime();
  const expiresAt = timeOf(doc?.expiresAt);
  if (!doc || expiresAt === undefined || expiresAt <= at) return undefined;
  if (doc.state === 'IN_PROGRESS') {
    const lockedUntil = timeOf(doc.lockedUntil);
    if (lockedUntil === undefined || lockedUntil <= at) return undefined;
    return { state: 'IN_PROGRESS', fingerprint: doc.fingerprint, lockedUntil: new Date(lockedUntil) };
  }
  const answer: IdempotentAnswer = {
    status: doc.status!,
    headers: JSON.parse(doc.headers ?? '{}') as Record<string, string>,
    body: doc.body ?? '',
  };
  return { state: 'DONE', fingerprint: doc.fingerprint, answer };
}
