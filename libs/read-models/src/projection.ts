// A projection is a pure function over one read model: evolve(document | null, event) ->
// document | null, with the event types it handles and the documents each event touches.
export interface ProjectedEvent {
  type: string;
  data: any;
  position: bigint;
  metadata: { occurredAt: string };
}

export interface Projection<D extends object = object> {
  name: string;
  collection: string;
  handles: readonly string[];
  /** The ids of the documents an event touches (usually one). */
  documentIds(event: ProjectedEvent): string[];
  evolve(document: D | null, event: ProjectedEvent, id: string): D | null;
}
