// The production event store on EventStoreDB (gRPC client v6). The log this adapter shows is the
// product's streams only (STREAM_PREFIXES): $all also carries system streams ($stats, $settings,
// projections' links) that no projection wants and whose positions no reader should wait for.
// readAll and headPosition filter on stream names client-side (the v6 client's readAll sends no
// filter); a readAll by event types is filtered on the server (filtered-read.ts); subscribe
// filters on the server. Every read ends its gRPC call and has a deadline (read-call.ts).
// Positions: see mapping.ts.
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, streamNameFilter, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { STREAM_PREFIXES } from '#libs/domain';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, StoredEvent, SubscribeOptions, Subscription } from '../port.js';
import { InvalidPositionError } from '../port.js';
import { type Upcast, identityUpcast } from '../upcast.js';
import { type BackoffOptions, CatchUpSubscription } from './catch-up.js';
import { filteredReadAll } from './filtered-read.js';
import {
  endsCommit,
  isInvalidPosition,
  isProductStream,
  isStreamNotFound,
  mapAppendError,
  positionOf,
  toClientRevision,
  toEventData,
  toReadPosition,
  toRevisionNumber,
  toStoredEvent,
} from './mapping.js';
import { consume, DEFAULT_READ_DEADLINE_MS, type ReadCall } from './read-call.js';

export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false`; the store then owns the client and disposes it on close. */
  connectionString?: string;
  /** A client the caller owns (and disposes). */
  client?: EsdbClient;
  upcast?: Upcast;
  streamPrefixes?: readonly string[];
  /** Events per $all read request. */
  readPageSize?: number;
  /** How long one read call may take before it is cancelled and fails (default 10 s). */
  readDeadlineMs?: number;
  backoff?: BackoffOptions;
  onSubscriptionDrop?: (error: unknown, attempt: number, delayMs: number) => void;
}

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly ownsClient: boolean;
  private readonly upcast: Upcast;
  private readonly prefixes: readonly string[];
  private readonly pageSize: number;
  private readonly deadlineMs: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    if (options.client) this.client = options.client;
    else if (options.connectionString) this.client = EventStoreDBClient.connectionString(options.connectionString);
    else throw new Error('EventStoreDbEventStore needs a connectionString or a client');
    this.ownsClient = !options.client;
    this.upcast = options.upcast ?? identityUpcast;
    this.prefixes = options.streamPrefixes ?? STREAM_PREFIXES;
    this.pageSize = options.readPageSize ?? 512;
    this.deadlineMs = options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS;
  }

  async append(streamName: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) throw new Error('the event store is closed');
    if (events.length === 0) throw new Error('append needs at least one event');
    try {
      const result = await this.client.appendToStream(
        streamName,
        events.map((event, index) => toEventData(event, index, events)),
        { expectedRevision: toClientRevision(expected) },
      );
      // The server answers {prepare: its first event's log position, commit: the append's commit
      // position}, the log position of its last event (RequestManager WriteEvents, CommitIndexed):
      // what $all reports for that event. The integration spec checks the two agree.
      if (!result.position) throw new Error(`EventStoreDB returned no position for the append to ${streamName}`);
      return { nextExpectedRevision: toRevisionNumber(result.nextExpectedRevision), position: result.position.commit };
    } catch (error) {
      throw mapAppendError(error, streamName, expected);
    }
  }

  async readStream(streamName: string, options: { fromRevision?: number } = {}): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    try {
      const read = this.client.readStream(streamName, { fromRevision: BigInt(options.fromRevision ?? 0), direction: FORWARDS });
      await consume(read, this.deadlineMs, `the read of ${streamName}`, (resolved) => {
        // Servers before 22.6 send no position on stream reads: 0n, "no later than anything".
        if (resolved.event) out.push(toStoredEvent(resolved.event, resolved.event.position?.commit ?? 0n, this.upcast));
      });
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return out;
  }

  async readAll({ fromPosition, limit, types }: ReadAllOptions): Promise<StoredEvent[]> {
    if (limit <= 0 || (types && types.length === 0)) return [];
    const wanted = types ? new Set(types) : undefined;
    const out: StoredEvent[] = [];
    let cursor = fromPosition;
    for (;;) {
      let count = 0;
      let advanced = false;
      // No bigger than the caller needs (+1: a read from a position includes the event at it,
      // skipped below), no smaller than a page worth a round trip when other streams interleave
      // (a read by types is filtered by the server: it returns only what it is asked for).
      const wantedMore = limit - out.length + 1;
      const maxCount = Math.min(this.pageSize, types ? wantedMore : Math.max(64, wantedMore));
      const from = toReadPosition(cursor);
      const read: ReadCall<AllStreamResolvedEvent> =
        (types && filteredReadAll(this.client, { fromPosition: cursor, maxCount, types })) ||
        this.client.readAll({ fromPosition: from, maxCount, direction: FORWARDS });
      let full = false;
      const first = out.length === 0 && cursor === fromPosition;
      await consume(read, this.deadlineMs, 'a read of $all', (resolved) => {
        count++;
        const event = resolved.event;
        // Past the limit the rest of the page (at most one page) is read and dropped: the call
        // then ends by itself, with no reset (see headPosition).
        if (!event || full) return;
        const position = event.position.commit;
        if (position <= cursor) return;
        cursor = position;
        advanced = true;
        if (!this.isProductEvent(event.streamId, event.type) || (wanted && !wanted.has(event.type))) return;
        out.push(toStoredEvent(event, positionOf(event.position), this.upcast));
        full = out.length >= limit;
      }).catch((error: unknown) => {
        throw first && isInvalidPosition(error) ? new InvalidPositionError(fromPosition) : error;
      });
      if (full || count < maxCount || !advanced) return out;
    }
  }

  async headPosition(): Promise<bigint> {
    // Usually the last event of $all is a product event: ask for one, then for more (system
    // events such as $stats can follow it). Each page is read to its end: cancelling calls by the
    // thousand (one per probe) is what HTTP/2 servers treat as a rapid-reset attack.
    let cursor: bigint | undefined;
    for (let size = 1; ; size = Math.min(this.pageSize, size * 8)) {
      let count = 0;
      let found: bigint | undefined;
      const from = cursor === undefined ? END : toReadPosition(cursor);
      const read = this.client.readAll({ fromPosition: from, maxCount: size, direction: BACKWARDS });
      await consume(read, this.deadlineMs, 'a read of the head of $all', (resolved) => {
        count++;
        const event = resolved.event;
        if (!event || found !== undefined) return;
        const position = event.position.commit;
        if (cursor !== undefined && position >= cursor) return;
        cursor = position;
        if (this.isProductEvent(event.streamId, event.type)) found = positionOf(event.position);
      });
      if (found !== undefined) return found;
      if (count < size || cursor === undefined || cursor === 0n) return 0n;
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('the event store is closed');
    const subscription = new CatchUpSubscription<AllStreamResolvedEvent>({
      ...options,
      open: (after) => this.client.subscribeToAll({ fromPosition: toReadPosition(after), filter: streamNameFilter({ prefixes: [...this.prefixes] }) }),
      toEvent: (resolved) => this.fromLog(resolved),
      endsCommit: (resolved) => endsCommit(resolved.event),
      backoff: this.options.backoff,
      onDrop: this.options.onSubscriptionDrop,
    });
    this.subscriptions.add(subscription);
    const forget = () => void this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (this.ownsClient) await this.client.dispose();
  }

  private fromLog(resolved: AllStreamResolvedEvent): StoredEvent | undefined {
    const event = resolved.event;
    if (!event || !this.isProductEvent(event.streamId, event.type)) return undefined;
    return toStoredEvent(event, positionOf(event.position), this.upcast);
  }

  private isProductEvent(streamName: string, type: string): boolean {
    return !type.startsWith('$') && isProductStream(streamName, this.prefixes);
  }
}
