// Dictionaries keyed by what a user chose (ids): a plain object answers `constructor`,
// `toString` or `valueOf` from its prototype, so a partner named `constructor` would read as
// banned, or as holding an authorization. These hold only their own entries.
export type Dictionary<T> = Readonly<Record<string, T>>;

/** An empty dictionary, without a prototype. */
export const emptyDictionary = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** A copy with `key` set, without a prototype. */
export function withEntry<T>(dictionary: Dictionary<T>, key: string, value: T): Record<string, T> {
  const copy = Object.assign(emptyDictionary<T>(), dictionary);
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The entry under `key` if the dictionary holds one of its own, never an inherited property. */
export const entryOf = <T>(dictionary: Dictionary<T | undefined>, key: string): T | undefined => (Object.hasOwn(dictionary, key) ? dictionary[key] : undefined);
