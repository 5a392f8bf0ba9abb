// Snapshots of the in-memory read models, so that a restart loads them and replays only the log's
// tail instead of the whole log (a full replay of 1,000,000 events takes longer than a restart
// may). A snapshot is every document of every projection's collection plus each projection's
// checkpoint, read a chunk at a time with a turn of the event loop between chunks, so that the
// requests served meanwhile never wait for more than one chunk (capturing 1,500,000 documents in
// one step held the loop ~0.8 s).
//
// Why a capture spread over many turns is still consistent (a "fuzzy" snapshot, as databases
// take fuzzy checkpoints): the checkpoints are read first, in one synchronous step, then each
// collection's documents are read from a live cursor while the projections go on applying events.
// So a document may be captured as of a later event than its projection's checkpoint. Loading it
// then replays the log from the checkpoints, and replaying is idempotent per document: a document
// only takes events after its own `_position` (runner.ts: applyBatch), and a deletion only removes
// a document whose position the deleting batch's checkpoint covers (the memory store's commit). A
// document written after the checkpoint, or one deleted after it and not captured, comes out of
// that replay exactly as a full replay would make it. A cursor may list a document twice (deleted
// and written again while the capture runs): the loader keeps the later one. Documents are never
// changed in place once stored (the runner writes copies), so a captured document is never torn.
// It is loaded only by the projection code that wrote it (version.ts) and only over the log it was
// taken from; anything wrong with it (missing, other code, another log, corrupt) means a full
// replay, logged, never a failed start.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EventStore } from '#libs/event-store';
import { type CollectionSpec, type DocumentWrite, type ReadDocument, type ReadStore, syncPathsOf } from '../port.js';
import type { Projection } from '../projection.js';
import { CorruptSnapshotError, decodeDocuments, encodeDocuments } from './codec.js';
import type { ReadModelSnapshotStore, SnapshotHeader } from './sqlite-snapshot-store.js';
import { projectionsVersion } from './version.js';

/** A read store that can list every document (the memory store). */
export interface SnapshotSource extends ReadStore {
  /** Every document, sorted by id (slow at a million: the fallback). */
  snapshot(): Record<string, ReadDocument[]>;
  /**
   * A live cursor over a collection's documents, in no order: it goes on over documents written
   * after it was opened and skips those deleted before it reached them (a Map's iterator).
   */
  documentCursor?(collection: string): { readonly size: number; cursor: Iterator<ReadDocument> };
  /** Moves when a collection is replaced by another generation (a blue/green replay): a capture across it is dropped. */
  readonly generation?: number;
}

/** A store that takes a snapshot's documents straight (the memory store): a later `_position` wins. */
export interface Restorable {
  restoreSync(collection: string, docs: readonly ReadDocument[]): void;
}

/** A memory store that says where its snapshots are kept (the embedded default's). */
export interface SnapshottedReadStore extends SnapshotSource {
  readonly snapshotStorage: ReadModelSnapshotStore;
}

export function isSnapshotted(store: ReadStore): store is SnapshottedReadStore {
  const s = store as Partial<SnapshottedReadStore>;
  return typeof s.snapshot === 'function' && typeof s.snapshotStorage === 'object' && s.snapshotStorage !== null;
}

export interface SnapshotLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface SnapshotOptions {
  /** Documents per chunk: a chunk is read and encoded in one go (the longest the event loop is held by a write), ~5-10 ms at the default (2,000). */
  chunkDocuments?: number;
  log?: SnapshotLog;
}

export interface WriteOutcome {
  written: boolean;
  reason?: string;
  position?: bigint;
  documents?: number;
  /** The synchronous step that reads the checkpoints and opens the cursors. */
  captureMs?: number;
  /** The longest single step (capture, or one chunk's encoding and insert). */
  longestBlockMs?: number;
  totalMs?: number;
}

export interface RestoreOutcome {
  restored: boolean;
  reason: string;
  position?: bigint;
  documents?: number;
  ms: number;
}

const silent: SnapshotLog = { info: () => undefined, warn: () => undefined };

export class ReadModelSnapshots {
  readonly version: string;
  private readonly chunkDocuments: number;
  private readonly log: SnapshotLog;
  /** Writes and clean-ups, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private lastPosition = -1n;
  /** How long the last complete write took per document: a write that cannot finish by its deadline is not started. */
  private msPerDocument: number | undefined;

  constructor(
    private readonly storage: ReadModelSnapshotStore,
    private readonly projections: readonly Projection[],
    private readonly collections: readonly CollectionSpec[],
    options: SnapshotOptions = {},
  ) {
    this.version = projectionsVersion(projections, collections);
    this.chunkDocuments = options.chunkDocuments ?? 2_000;
    this.log = options.log ?? silent;
  }

  /** The position of the last snapshot written or loaded by this process (-1 when none). */
  get position(): bigint {
    return this.lastPosition;
  }

  /**
   * Loads the newest usable snapshot into `store` (empty, before the runner starts) through its
   * commit path, checkpoints last; on any failure the store is emptied again and the log replayed.
   */
  async restore(store: ReadStore, events: EventStore): Promise<RestoreOutcome> {
    const started = performance.now();
    const done = (restored: boolean, reason: string, header?: SnapshotHeader, documents?: number): RestoreOutcome => {
      const outcome: RestoreOutcome = { restored, reason, ms: performance.now() - started };
      if (header) outcome.position = header.position;
      if (documents !== undefined) outcome.documents = documents;
      (restored ? this.log.info : this.log.warn).call(this.log, restored ? reason : `${reason}: replaying the whole log`);
      return outcome;
    };
    let header: SnapshotHeader | undefined;
    try {
      header = this.storage.newest();
    } catch (error) {
      return done(false, `no read-model snapshot could be read (${(error as Error).message})`);
    }
    if (!header) return done(false, 'no read-model snapshot');
    if (header.version !== this.version)
      return done(
        false,
        `the read-model snapshot at ${header.position} was written by other projection code (${header.version}, this is ${this.version})`,
        header,
      );
    const rejected = await this.mismatchWithLog(header, events);
    if (rejected) return done(false, `the read-model snapshot at ${header.position} ${rejected}`, header);
    await store.ensureCollections(this.collections);
    try {
      const documents = await this.load(header, store);
      this.lastPosition = header.position;
      return done(
        true,
        `loaded the read-model snapshot at position ${header.position}: ${documents} documents in ${Math.round(performance.now() - started)} ms`,
        header,
        documents,
      );
    } catch (error) {
      await store.reset(
        this.projections.map((p) => p.name),
        this.collections.map((c) => c.name),
      );
      const why = error instanceof CorruptSnapshotError ? error.message : `failed to load (${(error as Error).message})`;
      return done(false, `the read-model snapshot at ${header.position} is not usable: ${why}`, header);
    }
  }

  private async mismatchWithLog(header: SnapshotHeader, events: EventStore): Promise<string | undefined> {
    const head = await events.headPosition();
    if (header.position > head) return `is ahead of the log (head ${head}): it belongs to another log`;
    if (header.position === 0n || header.lastEventId === null) return undefined;
    const [event] = await events.readAll({ fromPosition: header.position - 1n, limit: 1 });
    if (!event || event.position !== header.position || event.eventId !== header.lastEventId) return 'does not match the log (another event at its position)';
    return undefined;
  }

  private async load(header: SnapshotHeader, store: ReadStore): Promise<number> {
    const byCollection = new Map(this.projections.map((p) => [p.collection, p.name]));
    const sync = syncPathsOf(store);
    const commit = (projection: string, checkpoint: bigint, writes: DocumentWrite[]) =>
      sync ? sync.commitSync(projection, checkpoint, writes) : store.commit(projection, checkpoint, writes);
    // The memory store takes a chunk's documents as they are (no write records, no re-indexing).
    const restorable = store as Partial<Restorable>;
    const restore = typeof restorable.restoreSync === 'function' ? restorable.restoreSync.bind(store) : undefined;
    let documents = 0;
    for (let seq = 0; seq < header.chunks; seq++) {
      const chunk = this.storage.chunk(header.id, seq);
      if (!chunk) throw new CorruptSnapshotError(`chunk ${seq} of ${header.chunks} is missing`);
      const projection = byCollection.get(chunk.collection);
      if (projection === undefined) throw new CorruptSnapshotError(`chunk ${seq} is of an unknown collection ${chunk.collection}`);
      const docs = decodeDocuments(chunk.data);
      if (docs.length !== chunk.documents) throw new CorruptSnapshotError(`chunk ${seq} holds ${docs.length} documents, not ${chunk.documents}`);
      if (restore) restore(chunk.collection, docs);
      else {
        const writes: DocumentWrite[] = new Array(docs.length);
        for (let i = 0; i < docs.length; i++) writes[i] = { collection: chunk.collection, id: docs[i]!._id, document: docs[i]! };
        // Checkpoint 0: documents only; the checkpoints are set once every chunk has loaded.
        await commit(projection, 0n, writes);
      }
      documents += docs.length;
      await yieldToEventLoop();
    }
    if (documents !== header.documents) throw new CorruptSnapshotError(`${documents} documents, the header says ${header.documents}`);
    for (const p of this.projections) {
      const checkpoint = header.checkpoints[p.name];
      if (checkpoint === undefined) throw new CorruptSnapshotError(`no checkpoint for ${p.name}`);
      await commit(p.name, checkpoint, []);
    }
    return documents;
  }

  /**
   * Writes a snapshot of `store` unless nothing was applied since the last one. `deadline`
   * (performance.now() time): give up past it, leaving the previous snapshot in force.
   */
  write(store: SnapshotSource, events: EventStore, options: { deadline?: number } = {}): Promise<WriteOutcome> {
    const run = this.queue.then(() => this.writeNow(store, events, options.deadline ?? Infinity));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeNow(store: SnapshotSource, events: EventStore, deadline: number): Promise<WriteOutcome> {
    const started = performance.now();
    // The checkpoints first, in one synchronous step (the memory store answers before the returned
    // promises are awaited); every document captured after is as of them or later (see the top).
    const pending = this.projections.map((p) => store.checkpoint(p.name));
    const generation = store.generation;
    const sources = this.cursors(store);
    const captureMs = performance.now() - started;
    const checkpoints: Record<string, bigint> = {};
    const values = await Promise.all(pending);
    this.projections.forEach((p, i) => (checkpoints[p.name] = values[i]!));
    const position = values.reduce((a, b) => (a > b ? a : b), 0n);
    if (position === 0n) return { written: false, reason: 'the read models are empty' };
    if (position === this.lastPosition) return { written: false, reason: `a snapshot at ${position} exists` };
    const total = sources.reduce((n, s) => n + s.size, 0);
    if (this.msPerDocument !== undefined && performance.now() + this.msPerDocument * total > deadline)
      return { written: false, reason: `it would take ~${Math.round(this.msPerDocument * total)} ms, past its deadline`, captureMs };
    const [last] = await events.readAll({ fromPosition: position - 1n, limit: 1 });
    const id = this.storage.begin({ version: this.version, position, lastEventId: last?.eventId ?? null, checkpoints, createdAt: new Date().toISOString() });
    let seq = 0;
    let documents = 0;
    let longestBlockMs = captureMs;
    const slice: ReadDocument[] = [];
    for (const { name, cursor } of sources) {
      for (let done = false; !done;) {
        if (performance.now() > deadline) {
          await this.discard(id);
          return { written: false, reason: `not done by its deadline (${seq} chunks written, discarded)`, captureMs };
        }
        if (store.generation !== generation) {
          await this.discard(id);
          return { written: false, reason: 'the read models were switched to a replay while it was written (discarded)', captureMs };
        }
        const blockStarted = performance.now();
        slice.length = 0;
        while (slice.length < this.chunkDocuments) {
          const next = cursor.next();
          if (next.done) {
            done = true;
            break;
          }
          slice.push(next.value);
        }
        if (slice.length > 0) {
          this.storage.writeChunk(id, seq++, { collection: name, documents: slice.length, data: encodeDocuments(slice) });
          documents += slice.length;
        }
        longestBlockMs = Math.max(longestBlockMs, performance.now() - blockStarted);
        await yieldToEventLoop();
      }
    }
    this.storage.complete(id, seq, documents);
    this.lastPosition = position;
    const totalMs = performance.now() - started;
    this.msPerDocument = totalMs / Math.max(1, documents);
    this.log.info(
      `wrote the read-model snapshot at position ${position}: ${documents} documents in ${seq} chunks, ${Math.round(totalMs)} ms ` +
        `(longest step ${Math.round(longestBlockMs)} ms)`,
    );
    await this.discardOthers(id);
    return { written: true, position, documents, captureMs, longestBlockMs, totalMs };
  }

  /** A cursor per collection; a store without live cursors is listed whole now (the fallback: sorted, slow). */
  private cursors(store: SnapshotSource): Array<{ name: string; size: number; cursor: Iterator<ReadDocument> }> {
    let all: Record<string, ReadDocument[]> | undefined;
    return this.collections.map(({ name }) => {
      const live = store.documentCursor?.(name);
      if (live) return { name, ...live };
      const docs = (all ??= store.snapshot())[name] ?? [];
      return { name, size: docs.length, cursor: docs[Symbol.iterator]() };
    });
  }

  /** Removes snapshots other than the newest complete one (older ones, ones cut short), a few chunks per turn. */
  cleanUp(): Promise<void> {
    const run = this.queue.then(() => this.discardOthers(this.storage.newest()?.id));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async discardOthers(keep: number | undefined): Promise<void> {
    for (const id of this.storage.others(keep)) await this.discard(id);
  }

  private async discard(id: number): Promise<void> {
    while (this.storage.deleteSome(id, 4)) await yieldToEventLoop();
  }
}
