// Idempotency-Key records: the answer a command gave, kept per principal and key so that a retry
// gets that answer again instead of a second effect. Operational data beside the log, never
// appended as events. Small on purpose: the embedded SQLite adapter and a MongoDB one (a TTL
// index on expiresAt) implement the same four calls.

/** What the first request was answered, as sent: replayed byte for byte. */
export interface IdempotentAnswer {
  status: number;
  /** Only the headers a retry needs again (X-Event-Position, ETag, Location, Retry-After...). */
  headers: Record<string, string>;
  /** The body as sent ('' for none). */
  body: string;
}

export type IdempotencyRecord =
  /** A request holds the key and has not answered yet; its claim lapses at lockedUntil (a crashed process). */
  { state: 'IN_PROGRESS'; fingerprint: string; lockedUntil: Date } | { state: 'DONE'; fingerprint: string; answer: IdempotentAnswer };

export interface IdempotencyClaim {
  /** Whose key it is ("role:sub"): the same key of two principals is two keys. */
  scope: string;
  key: string;
  /** Identifies the request (method, path, body); the same key with another fingerprint is refused. */
  fingerprint: string;
  /** Who claims it (one per process): only the owner completes or releases its claim. */
  owner: string;
  now: Date;
  /** Until when the claim holds if its owner never completes it. */
  lockedUntil: Date;
  /** When the record may be forgotten: at least 24 hours after now (API.md). */
  expiresAt: Date;
}

export interface IdempotencyStore {
  /** The live record of a key: undefined when there is none or it has expired. */
  get(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined>;
  /**
   * Takes the key for this request, atomically. undefined: taken (no live record was there: none,
   * expired, or an abandoned claim past lockedUntil). Otherwise the live record that holds it, untouched.
   */
  claim(claim: IdempotencyClaim): Promise<IdempotencyRecord | undefined>;
  /** Stores the answer of the owner's claim; kept until expiresAt. */
  complete(scope: string, key: string, owner: string, answer: IdempotentAnswer, expiresAt: Date): Promise<void>;
  /** Gives the owner's claim up (the request failed in a way a retry should run again). */
  release(scope: string, key: string, owner: string): Promise<void>;
}
