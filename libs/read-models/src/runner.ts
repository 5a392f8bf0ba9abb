// Applies projections to a read store from the event log, in batches: load the documents a batch
// touches by id, evolve them, write them back with the position each has applied, then the
// checkpoint. It resumes from the checkpoints after a restart; an event applied twice changes
// nothing because a document only takes events after its own position.
import type { EventStore, StoredEvent, Subscription } from '#libs/event-store';
import type { CollectionSpec, DocumentWrite, ReadDocument, ReadStore } from './port.js';
import type { Projection } from './projection.js';

export interface RunnerOptions {
  batchSize?: number;
  onError?: (error: unknown) => void;
  /** Called after each applied batch (metrics). */
  onApplied?: (position: bigint, events: number) => void;
}

interface Waiter {
  position: bigint;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

export function applyBatch(projection: Projection, events: readonly StoredEvent[], loaded: Map<string, ReadDocument>): DocumentWrite[] {
  const handles = new Set(projection.handles);
  const changed = new Map<string, ReadDocument | null>();
  for (const event of events) {
    if (!handles.has(event.type)) continue;
    for (const id of projection.documentIds(event)) {
      const current = changed.has(id) ? changed.get(id)! : (loaded.get(id) ?? null);
      if (current && current._position >= event.position) continue;
      const { _id, _position, ...state } = current ?? ({} as ReadDocument);
      const next = projection.evolve(current ? state : null, event, id);
      changed.set(id, next ? ({ ...next, _id: id, _position: event.position } as ReadDocument) : null);
    }
  }
  return [...changed].map(([id, document]) => ({ collection: projection.collection, id, document }));
}

export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private readonly checkpoints = new Map<string, bigint>();
  private applied = 0n;
  private waiters: Waiter[] = [];
  private headAtStart = 0n;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private caughtUpResolve!: () => void;
  /** Resolves once the read models have applied the log as it stood at start. */
  readonly caughtUp = new Promise<void>((resolve) => (this.caughtUpResolve = resolve));

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly collections: readonly CollectionSpec[],
    private readonly options: RunnerOptions = {},
  ) {}

  get position(): bigint {
    return this.applied;
  }

  get startHead(): bigint {
    return this.headAtStart;
  }

  checkpointOf(projection: string): bigint {
    return this.checkpoints.get(projection) ?? 0n;
  }

  async start(): Promise<void> {
    await this.store.ensureCollections(this.collections);
    for (const p of this.projections) this.checkpoints.set(p.name, await this.store.checkpoint(p.name));
    const checkpoints = [...this.checkpoints.values()];
    this.applied = checkpoints.length ? checkpoints.reduce((a, b) => (a < b ? a : b)) : 0n;
    this.headAtStart = await this.events.headPosition();
    if (this.applied >= this.headAtStart) this.caughtUpResolve();
    this.subscribe();
  }

  private subscribe(): void {
    this.subscription = this.events.subscribe({
      fromPosition: this.applied,
      batchSize: this.options.batchSize ?? 1_000,
      onEvents: (batch) => this.apply(batch),
    });
    this.subscription.done.catch((error: unknown) => {
      this.options.onError?.(error);
      if (this.stopped) return;
      this.retry = setTimeout(() => this.stopped || this.subscribe(), 1_000);
      this.retry.unref();
    });
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    const last = batch[batch.length - 1]!.position;
    for (const projection of this.projections) {
      const checkpoint = this.checkpoints.get(projection.name)!;
      if (checkpoint >= last) continue;
      const fresh = batch.filter((e) => e.position > checkpoint);
      const ids = new Set<string>();
      const handles = new Set(projection.handles);
      for (const e of fresh) if (handles.has(e.type)) for (const id of projection.documentIds(e)) ids.add(id);
      const loaded = ids.size ? await this.store.load(projection.collection, [...ids]) : new Map<string, ReadDocument>();
      await this.store.commit(projection.name, last, applyBatch(projection, fresh, loaded));
      this.checkpoints.set(projection.name, last);
    }
    this.applied = last;
    this.options.onApplied?.(last, batch.length);
    if (last >= this.headAtStart) this.caughtUpResolve();
    this.waiters = this.waiters.filter((w) => {
      if (w.position > last) return true;
      clearTimeout(w.timer);
      w.resolve(true);
      return false;
    });
  }

  /** Resolves true once every projection has applied `position`, false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.applied >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs),
      };
      waiter.timer.unref();
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.subscription?.close();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waiters = [];
  }
}
