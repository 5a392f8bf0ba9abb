// Stream states as their deciders fold them: read and folded from the store each time
// (UncachedStreamStates), or kept in a bounded cache on the embedded store (StreamStateCache).
//
// The cache is exact, never stale, because the embedded SQLite store commits in this process and
// tells the cache every commit synchronously, before any of the commit's appends resolves
// (SqliteEventStore.onCommit): an entry moves to the new revision by folding the committed events,
// exactly as a read would have folded them. An event that is not the next revision of its cached
// stream drops the entry (read again next time). Appends made by anything else on the same file
// (another connection or process: the CLI, a test writing rows) move the log's head without a
// commit the cache was told of: every read compares the head first and empties the cache when
// it moved. The expected-revision check of the store stays the authority: the command handler
// appends with the revision the state was folded at, and forgets the stream after a conflict, so
// a retry reads it again.
//
// Not for EventStoreDB (production): other processes append there and no commit is seen here,
// so the production stores read through UncachedStreamStates.
import type { DomainEvent } from '#libs/domain';
import type { EventStore, StoredEvent } from './port.js';

/** What folds a stream: a decider's initialState and evolve. Its identity keys the cached state. */
export interface Folder<S, E> {
  initialState: () => S;
  evolve: (state: S, event: E) => S;
}

export interface StreamState<S> {
  state: S;
  /** The revision of the stream's last event; -1 when the stream does not exist. */
  revision: number;
  /** The position of the stream's last event; undefined when the stream does not exist. */
  position: bigint | undefined;
}

export interface StreamStates {
  /** The stream's state folded by `folder`, with the revision it was folded at. Never stale. The state is shared: do not mutate it. */
  read<S, E extends DomainEvent>(streamName: string, folder: Folder<S, E>): Promise<StreamState<S>>;
  /** Drops what is known of the stream: the next read goes to the store (after a conflict). */
  forget(streamName: string): void;
  /**
   * The reads of one request: they see every append made in this process (always), and every
   * append made by anything else before the view's first read (the log's head is compared once).
   */
  view(): StreamStates;
}

export function foldStream<S, E extends DomainEvent>(events: readonly StoredEvent[], folder: Folder<S, E>): StreamState<S> {
  let state = folder.initialState();
  for (const e of events) state = folder.evolve(state, e as unknown as E);
  const last = events[events.length - 1];
  return { state, revision: last ? last.revision : -1, position: last?.position };
}

/** Every read goes to the store: EventStoreDB, and the embedded store with the cache turned off. */
export class UncachedStreamStates implements StreamStates {
  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  async read<S, E extends DomainEvent>(streamName: string, folder: Folder<S, E>): Promise<StreamState<S>> {
    return foldStream(await this.store.readStream(streamName), folder);
  }

  forget(): void {}

  view(): StreamStates {
    return this;
  }
}

/** What the cache needs of a store: reads that answer now, and every commit it makes, told synchronously before its appends resolve. */
export interface CommittingStore {
  readStreamSync(streamName: string): StoredEvent[];
  headPositionSync(): bigint;
  onCommit(listener: (events: readonly StoredEvent[]) => void): () => void;
}

export interface StreamStateCacheOptions {
  /** How many streams are kept; the least recently read go first. */
  maxStreams: number;
  /** Deep-freeze cached states, so that a caller mutating one fails loudly (tests). */
  freeze?: boolean;
}

interface Entry {
  revision: number;
  position: bigint | undefined;
  /** One state per folder that read the stream (usually one). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- folders of any state and event types share one entry
  states: Map<Folder<any, any>, unknown>;
}

export class StreamStateCache implements StreamStates {
  private readonly entries = new Map<string, Entry>();
  /** The log's head as the cache knows it: the last event of the last commit it was told of. */
  private head: bigint;
  private readonly stopListening: () => void;
  readonly stats = { hits: 0, misses: 0, dropped: 0, evicted: 0, resets: 0 };

  constructor(
    private readonly store: CommittingStore,
    private readonly options: StreamStateCacheOptions,
  ) {
    if (!(options.maxStreams >= 1)) throw new Error('StreamStateCache: maxStreams must be at least 1');
    this.head = store.headPositionSync();
    this.stopListening = store.onCommit((events) => this.committed(events));
  }

  get size(): number {
    return this.entries.size;
  }

  async read<S, E extends DomainEvent>(streamName: string, folder: Folder<S, E>): Promise<StreamState<S>> {
    return this.readSync(streamName, folder);
  }

  view(): StreamStates {
    let checked = false;
    return {
      read: async (streamName, folder) => {
        const read = this.readSync(streamName, folder, !checked);
        checked = true;
        return read;
      },
      forget: (streamName) => this.forget(streamName),
      view: () => this.view(),
    };
  }

  /**
   * Synchronous from the head check to the fold: no commit can land in between. `checkHead`
   * false: the caller compared the head already (a view's later reads); this process's own
   * commits are followed either way.
   */
  readSync<S, E extends DomainEvent>(streamName: string, folder: Folder<S, E>, checkHead = true): StreamState<S> {
    if (checkHead) {
      const head = this.store.headPositionSync();
      if (head !== this.head) this.reset(head);
    }
    const entry = this.entries.get(streamName);
    if (entry?.states.has(folder)) {
      this.stats.hits++;
      this.entries.delete(streamName);
      this.entries.set(streamName, entry);
      return { state: entry.states.get(folder) as S, revision: entry.revision, position: entry.position };
    }
    this.stats.misses++;
    const read = foldStream(this.store.readStreamSync(streamName), folder);
    if (this.options.freeze) deepFreeze(read.state);
    this.entries.delete(streamName);
    if (entry && entry.revision === read.revision) {
      entry.states.set(folder, read.state);
      this.entries.set(streamName, entry);
    } else {
      this.entries.set(streamName, { revision: read.revision, position: read.position, states: new Map([[folder, read.state]]) });
      this.evict();
    }
    return read;
  }

  forget(streamName: string): void {
    if (this.entries.delete(streamName)) this.stats.dropped++;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Stops following the store's commits; the cache is emptied and must not be read again. */
  close(): void {
    this.stopListening();
    this.entries.clear();
  }

  private committed(events: readonly StoredEvent[]): void {
    try {
      for (const event of events) {
        if (event.position !== this.head + 1n) {
          // Something else appended before this commit: what is cached may have missed it.
          this.reset(event.position);
          continue;
        }
        this.head = event.position;
        this.apply(event);
      }
    } catch {
      // A fold that throws leaves nothing half-applied behind: start again from the store.
      this.reset(this.store.headPositionSync());
    }
  }

  private apply(event: StoredEvent): void {
    const entry = this.entries.get(event.streamName);
    if (!entry) return;
    if (event.revision !== entry.revision + 1) {
      this.entries.delete(event.streamName);
      this.stats.dropped++;
      return;
    }
    // As a read would give it: its data parsed from the JSON the store wrote, not the object the
    // command built (which its caller still holds).
    const read = { ...event, data: JSON.parse(JSON.stringify(event.data)) as unknown } as StoredEvent;
    for (const [folder, state] of entry.states) {
      const next = folder.evolve(state, read);
      if (this.options.freeze) deepFreeze(next);
      entry.states.set(folder, next);
    }
    entry.revision = event.revision;
    entry.position = event.position;
  }

  private reset(head: bigint): void {
    this.entries.clear();
    this.head = head;
    this.stats.resets++;
  }

  /**
   * Drops the least recently read streams, a tenth of the bound at once (one at a time below 10):
   * V8's Map iterator skips the deleted entries at the front of its table one by one, so taking
   * `keys().next()` once per insert cost up to ~80 us an insert at 100,000 streams (and held the
   * loop for seconds during a catch-up of 66,000 expiries); one walk per tenth skips them once.
   */
  private evict(): void {
    const max = this.options.maxStreams;
    if (this.entries.size <= max) return;
    const keep = max - Math.floor(max / 10);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= keep) break;
      this.entries.delete(key);
      this.stats.evicted++;
    }
  }
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
