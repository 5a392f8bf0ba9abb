// The production event store on EventStoreDB (gRPC client v6). The log this adapter shows is the
// product's streams only (STREAM_PREFIXES): $all also carries system streams ($stats, $settings,
// projections' links) that no projection wants and whose positions no reader should wait for.
// readAll and headPosition filter client-side (the v6 client's readAll sends no filter);
// subscribe filters on the server. Positions: see mapping.ts.
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, streamNameFilter, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { STREAM_PREFIXES } from '#libs/domain';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, StoredEvent, SubscribeOptions, Subscription } from '../port.js';
import { type Upcast, identityUpcast } from '../upcast.js';
import { type BackoffOptions, CatchUpSubscription } from './catch-up.js';
import {
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
  backoff?: BackoffOptions;
  onSubscriptionDrop?: (error: unknown, attempt: number, delayMs: number) => void;
}

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EsdbClient;
  private readonly ownsClient: boolean;
  private readonly upcast: Upcast;
  private readonly prefixes: readonly string[];
  private readonly pageSize: number;
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
  }

  async append(streamName: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) throw new Error('the event store is closed');
    if (events.length === 0) throw new Error('append needs at least one event');
    try {
      const result = await this.client.appendToStream(streamName, events.map(toEventData), { expectedRevision: toClientRevision(expected) });
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
      for await (const resolved of read) {
        // Servers before 22.6 send no position on stream reads: 0n, "no later than anything".
        if (resolved.event) out.push(toStoredEvent(resolved.event, resolved.event.position?.commit ?? 0n, this.upcast));
      }
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
      // skipped below), no smaller than a page worth a round trip when other streams interleave.
      const maxCount = Math.min(this.pageSize, Math.max(64, limit - out.length + 1));
      for await (const resolved of this.client.readAll({ fromPosition: toReadPosition(cursor), maxCount, direction: FORWARDS })) {
        count++;
        const event = resolved.event;
        if (!event) continue;
        const position = event.position.commit;
        if (position <= cursor) continue;
        cursor = position;
        advanced = true;
        if (!this.isProductEvent(event.streamId, event.type) || (wanted && !wanted.has(event.type))) continue;
        out.push(toStoredEvent(event, positionOf(event.position), this.upcast));
        if (out.length >= limit) return out;
      }
      if (count < maxCount || !advanced) return out;
    }
  }

  async headPosition(): Promise<bigint> {
    let cursor: bigint | undefined;
    for (;;) {
      let count = 0;
      const from = cursor === undefined ? END : toReadPosition(cursor);
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: this.pageSize, direction: BACKWARDS })) {
        count++;
        const event = resolved.event;
        if (!event) continue;
        const position = event.position.commit;
        if (cursor !== undefined && position >= cursor) continue;
        cursor = position;
        if (this.isProductEvent(event.streamId, event.type)) return positionOf(event.position);
      }
      if (count < this.pageSize || cursor === undefined || cursor === 0n) return 0n;
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('the event store is closed');
    const subscription = new CatchUpSubscription<AllStreamResolvedEvent>({
      ...options,
      open: (after) => this.client.subscribeToAll({ fromPosition: toReadPosition(after), filter: streamNameFilter({ prefixes: [...this.prefixes] }) }),
      toEvent: (resolved) => this.fromLog(resolved),
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
