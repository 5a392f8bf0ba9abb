// The embedded read side filled with a synthetic history without a log file: the events go
// through the same projections as the product's ProjectionRunner applies them (applyBatch, then
// the store's commit), a batch of 1,000 at a time.
import type { StoredEvent } from '#libs/event-store';
import { applyBatch, MemoryReadStore, type Projection, PROJECTION_COLLECTIONS, PROJECTIONS, type ReadDocument } from '#libs/read-models';
import { syntheticHistory } from './synthetic.js';

/** Every read model of the product, as the API's ProjectionRunner is given them. */
export { PROJECTION_COLLECTIONS, PROJECTIONS };

const BATCH = 1_000;

export interface BuiltStore {
  store: MemoryReadStore;
  events: number;
  authorizations: number;
  ms: number;
}

function applyToStore(store: MemoryReadStore, projections: readonly Projection[], batch: StoredEvent[]): void {
  const last = batch[batch.length - 1]!.position;
  for (const projection of projections) {
    const handles = new Set(projection.handles);
    const ids = new Set<string>();
    for (const e of batch) if (handles.has(e.type)) for (const id of projection.documentIds(e)) ids.add(id);
    const loaded = ids.size ? store.loadSync(projection.collection, [...ids]) : new Map<string, ReadDocument>();
    store.commitSync(projection.name, last, applyBatch(projection, batch, loaded));
  }
}

export async function buildReadStore(authorizations: number): Promise<BuiltStore> {
  const started = performance.now();
  const store = new MemoryReadStore();
  await store.ensureCollections(PROJECTION_COLLECTIONS);
  let batch: StoredEvent[] = [];
  let position = 0n;
  let granted = 0;
  for (const job of syntheticHistory({ authorizations })) {
    const first = job.expected === 'no_stream' ? 0 : job.expected + 1;
    job.events.forEach((e, i) => {
      if (e.type === 'AuthorizationGranted') granted++;
      batch.push({ ...e, streamName: job.stream, revision: first + i, position: ++position });
    });
    if (batch.length >= BATCH) {
      applyToStore(store, PROJECTIONS, batch);
      batch = [];
    }
  }
  if (batch.length) applyToStore(store, PROJECTIONS, batch);
  return { store, events: Number(position), authorizations: granted, ms: performance.now() - started };
}
