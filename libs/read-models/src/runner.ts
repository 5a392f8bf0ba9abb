// Applies projections to a read store from the event log, in batches: load the documents a batch
// touches by id, evolve them, write them back with the position each has applied, then the
// checkpoint. It resumes from the checkpoints after a restart (or a loaded snapshot, see
// snapshots/); an event applied twice changes nothing because a document only takes events after
// its own position.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EventStore, StoredEvent, Subscription } from '#libs/event-store';
import { type CollectionSpec, type DocumentWrite, type ReadDocument, type ReadStore, type SyncReadStore, syncPathsOf } from './port.js';
import type { Projection } from './projection.js';

export interface RunnerOptions {
  /** The most events applied at once: during catch-up batches are this large; live ones are what was committed. */
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

/** Big enough that per-batch costs vanish; small enough that a batch holds the event loop ~0.1-0.2 s. */
const CATCH_UP_BATCH = 5_000;
const NOTHING_LOADED = new Map<string, ReadDocument>();
const handledTypes = new WeakMap<Projection, ReadonlySet<string>>();

/** The event types a projection handles, as a Set made once per projection. */
export function handlesOf(projection: Projection): ReadonlySet<string> {
  let set = handledTypes.get(projection);
  if (!set) handledTypes.set(projection, (set = new Set(projection.handles)));
  return set;
}

export function applyBatch(projection: Projection, events: readonly StoredEvent[], loaded: ReadonlyMap<string, ReadDocument>): DocumentWrite[] {
  const handles = handlesOf(projection);
  const mode = projection.evolves ?? 'copy';
  // Documents this batch has produced: the runner's own objects, never the store's.
  const changed = new Map<string, ReadDocument | null>();
  for (const event of events) {
    if (!handles.has(event.type)) continue;
    for (const id of projection.documentIds(event)) {
      let current = changed.get(id);
      const owned = current !== undefined;
      if (current === undefined) current = loaded.get(id) ?? null;
      if (current !== null && current._position >= event.position) continue;
      let next: ReadDocument | null;
      if (mode === 'fresh') {
        next = projection.evolve(current, event, id) as ReadDocument | null;
        if (next !== null && next === current) next = { ...next };
      } else if (mode === 'in-place') {
        next = projection.evolve(current !== null && !owned ? { ...current } : current, event, id) as ReadDocument | null;
      } else {
        const { _id, _position, ...state } = current ?? ({} as ReadDocument);
        const evolved = projection.evolve(current ? state : null, event, id) as ReadDocument | null;
        next = evolved === null || evolved === state ? evolved : { ...evolved };
      }
      if (next) {
        next._id = id;
        next._position = event.position;
      }
      changed.set(id, next ?? null);
    }
  }
  const writes: DocumentWrite[] = [];
  for (const [id, document] of changed) writes.push({ collection: projection.collection, id, document });
  return writes;
}

export class ProjectionRunner {
  private subscription: Subscription | undefined;
  private readonly checkpoints = new Map<string, bigint>();
  private applied = 0n;
  private waiters: Waiter[] = [];
  private headAtStart = 0n;
  private caught = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private caughtUpResolve!: () => void;
  private readonly sync: SyncReadStore | undefined;
  /** Resolves once the read models have applied the log as it stood at start. */
  readonly caughtUp = new Promise<void>((resolve) => (this.caughtUpResolve = resolve));

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly projections: readonly Projection[],
    private readonly collections: readonly CollectionSpec[],
    private readonly options: RunnerOptions = {},
  ) {
    this.sync = syncPathsOf(store);
  }

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
    if (this.applied >= this.headAtStart) this.reachedStartHead();
    this.subscribe();
  }

  private reachedStartHead(): void {
    this.caught = true;
    this.caughtUpResolve();
  }

  private subscribe(): void {
    this.subscription = this.events.subscribe({
      fromPosition: this.applied,
      batchSize: this.options.batchSize ?? CATCH_UP_BATCH,
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
    const catchingUp = !this.caught;
    for (const projection of this.projections) {
      const checkpoint = this.checkpoints.get(projection.name)!;
      if (checkpoint >= last) continue;
      const fresh = batch[0]!.position > checkpoint ? batch : batch.filter((e) => e.position > checkpoint);
      const handles = handlesOf(projection);
      const ids = new Set<string>();
      for (const e of fresh) if (handles.has(e.type)) for (const id of projection.documentIds(e)) ids.add(id);
      const { collection, name } = projection;
      if (this.sync) {
        const loaded = ids.size ? this.sync.loadSync(collection, [...ids]) : NOTHING_LOADED;
        this.sync.commitSync(name, last, applyBatch(projection, fresh, loaded));
      } else {
        const loaded = ids.size ? await this.store.load(collection, [...ids]) : NOTHING_LOADED;
        await this.store.commit(name, last, applyBatch(projection, fresh, loaded));
      }
      this.checkpoints.set(name, last);
    }
    this.applied = last;
    this.options.onApplied?.(last, batch.length);
    if (last >= this.headAtStart && !this.caught) this.reachedStartHead();
    this.waiters = this.waiters.filter((w) => {
      if (w.position > last) return true;
      clearTimeout(w.timer);
      w.resolve(true);
      return false;
    });
    // A catch-up over the memory store never waits on I/O: let requests (/health/ready) be answered between batches.
    if (catchingUp) await yieldToEventLoop();
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
