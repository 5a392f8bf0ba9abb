// Field paths as mingo resolves them, restricted to what the compiled fast path can answer
// exactly: a path through plain objects. An array or a class instance met on the way makes the
// value EXOTIC, and the caller then asks mingo (the reference) about that document instead.
export const EXOTIC: unique symbol = Symbol('exotic');
export type Resolved = unknown;
export type Getter = (doc: object) => Resolved;

// mingo's getValue hides these unless they are own properties; the fast path does not follow them.
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);
const DIGITS = /^\d+$/;

/**
 * The segments of a dotted path, or undefined when mingo gives the path a meaning of its own that
 * the fast path does not reproduce: array indexes, prototype names, empty segments, operators.
 */
export function pathSegments(path: string): string[] | undefined {
  if (path === '' || path.startsWith('$')) return undefined;
  const segments = path.split('.');
  for (const s of segments) if (s === '' || DIGITS.test(s) || PROTOTYPE_NAMES.has(s)) return undefined;
  return segments;
}

/**
 * A plain object, as JSON and the projections make them. Not one without a prototype: mingo
 * cannot hash those ($in throws), so they are left to it.
 */
export const isPlainObject = (value: object): boolean => Object.getPrototypeOf(value) === Object.prototype;

/** Stepping into a value that is not the document: undefined through scalars, EXOTIC through arrays and class instances. */
function step(value: unknown, segment: string): Resolved {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value) || !isPlainObject(value)) return EXOTIC;
  return (value as Record<string, unknown>)[segment];
}

/**
 * The value at a path of a document (a plain object, as the store holds them). Specialized for
 * one and two segments, the paths the pages use, because this runs once per document per leaf.
 */
export function getter(segments: readonly string[]): Getter {
  const [first, second] = segments as [string, string | undefined];
  if (segments.length === 1) return (doc) => (doc as Record<string, unknown>)[first];
  if (segments.length === 2) {
    return (doc) => {
      const parent = (doc as Record<string, unknown>)[first];
      if (parent === undefined || parent === null) return undefined;
      return step(parent, second!);
    };
  }
  return (doc) => {
    let value: Resolved = (doc as Record<string, unknown>)[first];
    for (let i = 1; i < segments.length && value !== EXOTIC && value !== undefined; i++) value = step(value, segments[i]!);
    return value;
  };
}

/** mingo's typeOf for the values a leaf compares; undefined for those the fast path leaves to mingo. */
export function scalarType(value: unknown): string | undefined {
  if (value === null) return 'null';
  const t = typeof value;
  if (t !== 'object') return t;
  if (Array.isArray(value)) return 'array';
  return isPlainObject(value as object) ? 'object' : undefined;
}
