// The embedded read store's indexes: equality (tenant) indexes narrow a query to one partner's,
// seller's or service's documents; ordered indexes (due times) are bucketed by day.
import type { Filter } from '../port.js';

/**
 * The ids of one indexed value: an array while it is only added to (a push costs a fraction of a
 * Set's add, and a restart or a rebuild adds 2-3 million ids at once), a Set from the first time
 * it is removed from or looked up on. Iteration order is insertion order either way, so the
 * conversion changes no answer. An id is never added twice to one group: the collection removes
 * a document's old value before adding its new one (collection.ts).
 */
type Group = string[] | Set<string>;

function asSet<K>(groups: Map<K, Group>, key: K, group: Group): Set<string> {
  if (group instanceof Set) return group;
  const set = new Set(group);
  groups.set(key, set);
  return set;
}

export class EqualityIndex {
  private readonly byValue = new Map<unknown, Group>();

  constructor(readonly field: string) {}

  add(id: string, value: unknown): void {
    if (value === undefined || value === null) return;
    const ids = this.byValue.get(value);
    if (!ids) this.byValue.set(value, [id]);
    else if (Array.isArray(ids)) ids.push(id);
    else ids.add(id);
  }

  remove(id: string, value: unknown): void {
    const group = this.byValue.get(value);
    if (!group) return;
    const ids = asSet(this.byValue, value, group);
    ids.delete(id);
    if (ids.size === 0) this.byValue.delete(value);
  }

  lookup(value: unknown): ReadonlySet<string> {
    const group = this.byValue.get(value);
    return group ? asSet(this.byValue, value, group) : new Set();
  }
}

const bucketOf = (value: string) => value.slice(0, 10);

export class OrderedIndex {
  private readonly buckets = new Map<string, Group>();
  private sortedKeys: string[] | undefined = [];

  constructor(readonly field: string) {}

  add(id: string, value: unknown): void {
    if (typeof value !== 'string') return;
    const key = bucketOf(value);
    const ids = this.buckets.get(key);
    if (!ids) {
      this.buckets.set(key, [id]);
      this.sortedKeys = undefined;
    } else if (Array.isArray(ids)) ids.push(id);
    else ids.add(id);
  }

  remove(id: string, value: unknown): void {
    if (typeof value !== 'string') return;
    const key = bucketOf(value);
    const group = this.buckets.get(key);
    if (!group) return;
    const ids = asSet(this.buckets, key, group);
    ids.delete(id);
    if (ids.size === 0) {
      this.buckets.delete(key);
      this.sortedKeys = undefined;
    }
  }

  /** Ids whose value may fall within [from, to] (bucket granularity: the caller filters exactly). */
  range(from: string | undefined, to: string | undefined): string[] {
    const out: string[] = [];
    for (const ids of this.bucketsWithin(from, to, false)) for (const id of ids) out.push(id);
    return out;
  }

  /**
   * The same ids a bucket (a day) at a time, in the order of the values (backwards: latest first):
   * every value of a bucket sorts before every value of the next, so a sorted page can stop after
   * the bucket that fills it instead of sorting every due document (a catch-up of 100,000).
   */
  *bucketsWithin(from: string | undefined, to: string | undefined, backwards: boolean): Generator<Iterable<string>> {
    this.sortedKeys ??= [...this.buckets.keys()].sort();
    const keys = this.sortedKeys;
    const low = from === undefined ? undefined : bucketOf(from);
    const high = to === undefined ? undefined : bucketOf(to);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[backwards ? keys.length - 1 - i : i]!;
      if (low !== undefined && key < low) {
        if (backwards) break;
        continue;
      }
      if (high !== undefined && key > high) {
        if (backwards) continue;
        break;
      }
      // A bucket emptied and dropped while the caller walked: nothing of it is left.
      const ids = this.buckets.get(key);
      if (ids) yield ids;
    }
  }
}

/** The top-level conditions of a filter, `$and` flattened. */
export function topLevelConditions(filter: Filter): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) for (const part of value) out.push(...topLevelConditions(part as Filter));
    else if (!key.startsWith('$')) out.push([key, value]);
  }
  return out;
}

export const isEqualityValue = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
