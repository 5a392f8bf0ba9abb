// A projection is a pure function over one read model: evolve(document | null, event) ->
// document | null, with the event types it handles and the documents each event touches.
export interface ProjectedEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any event of the log: each projection reads the fields its types have
  data: any;
  position: bigint;
  metadata: { occurredAt: string };
}

/**
 * What a projection's evolve does with the document it is given, which decides how many copies
 * the runner makes (a rebuild used to copy every document three times per event):
 * - 'copy' (the default): nothing is promised; the runner hands it a copy without _id/_position.
 * - 'fresh': it never changes its input and returns a new top-level object (nested values may be
 *   shared, never changed) or null; extra fields on its input (_id, _position) do no harm.
 * - 'in-place': it may change the top-level fields of its input and return it; the runner copies a
 *   stored document once per batch before the first event, then evolves that copy in place.
 */
export type EvolveMode = 'copy' | 'fresh' | 'in-place';

export interface Projection<D extends object = object> {
  name: string;
  collection: string;
  handles: readonly string[];
  /** The ids of the documents an event touches (usually one). */
  documentIds(event: ProjectedEvent): string[];
  evolve(document: D | null, event: ProjectedEvent, id: string): D | null;
  /** What evolve does with its input (the runner's copies follow from it); 'copy' when left out. */
  evolves?: EvolveMode;
}
