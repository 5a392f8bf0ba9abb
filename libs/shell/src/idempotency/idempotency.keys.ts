// The store of Idempotency-Key answers (libs/operational): SQLite on the embedded default.
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
/** Optional: how long claims hold and how long a request waits for another process (tests shorten them). */
export const IDEMPOTENCY_TIMINGS = Symbol('IDEMPOTENCY_TIMINGS');
