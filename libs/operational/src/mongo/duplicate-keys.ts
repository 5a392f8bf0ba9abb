// How the MongoDB adapters tell "that id is already there" from a real failure. Both stores lean
// on the unique _id instead of reading first: a duplicate key is an answer, not an error.

const DUPLICATE_KEY = 11000;

interface WriteErrorLike {
  code?: number;
}

// The shape of the driver's MongoBulkWriteError, read structurally so that the unit tests can
// build one; with write errors, a write concern error is only on its result.
interface BulkErrorLike {
  writeErrors?: WriteErrorLike | WriteErrorLike[];
  err?: unknown;
  insertedCount?: number;
  result?: { getWriteConcernError?: () => unknown };
}

/** A single write (insert, or the insert half of an upsert) met an existing document with the same key. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

/**
 * An unordered insertMany whose only failures were duplicate ids: how many documents it did insert.
 * undefined when anything else went wrong (another write error, a write concern error, no bulk
 * result at all), which the caller rethrows: only "already there" may be ignored.
 */
export function insertedDespiteDuplicates(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const bulk = error as BulkErrorLike;
  if (bulk.writeErrors === undefined || bulk.err !== undefined || bulk.result?.getWriteConcernError?.() !== undefined) return undefined;
  const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : [bulk.writeErrors];
  if (writeErrors.length === 0 || writeErrors.some((w) => w.code !== DUPLICATE_KEY)) return undefined;
  return typeof bulk.insertedCount === 'number' ? bulk.insertedCount : undefined;
}
