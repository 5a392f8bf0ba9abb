// The event store port. Positions are bigint end to end: EventStoreDB's commit positions pass
// 2^53. Stream revisions are 0-based numbers (the revision of a stream's last event).
export interface EventActor {
  role: string;
  sub: string;
}

export interface EventMetadata {
  actor: EventActor;
  correlationId: string;
  causationId: string | null;
  occurredAt: string;
  schemaVersion: number;
  /**
   * The key of the command that appended the event, when its client sent an `Idempotency-Key`:
   * a hash the shell makes of the principal, the key and the request, never the client's key
   * itself. A run of the same command finds its earlier events by it (command-handler.ts).
   */
  idempotencyKey?: string;
}

export interface NewEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export interface StoredEvent extends NewEvent {
  streamName: string;
  revision: number;
  position: bigint;
}

/** `no_stream`: the stream must not exist; a number: the revision of its last event. */
export type ExpectedRevision = 'any' | 'no_stream' | number;

export interface AppendResult {
  /** The revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** The global position of the append's last event. */
  position: bigint;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamName}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** A read of the log from a position that is no event's position (EventStoreDB refuses such reads). */
export class InvalidPositionError extends Error {
  constructor(readonly position: bigint) {
    super(`${position} is not a position of the log: read from 0 or from the position of an event`);
    this.name = 'InvalidPositionError';
  }
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. 0n reads from the start. */
  fromPosition: bigint;
  limit: number;
  types?: readonly string[];
}

export interface Subscription {
  close(): Promise<void>;
  /** Settles when the subscription stops: on close, or rejected with the handler's error. */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive, as in readAll. */
  fromPosition: bigint;
  batchSize?: number;
  /** Called with events in log order, one batch at a time; the next batch waits for it. */
  onEvents: (events: StoredEvent[]) => Promise<void> | void;
}

export interface EventStore {
  /**
   * Whether consecutive events have consecutive positions (the embedded store), so that the
   * distance between two positions counts events; EventStoreDB's positions are byte offsets.
   */
  readonly gapFreePositions?: boolean;
  append(streamName: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in order, from `fromRevision` (inclusive) on; [] for a stream that does not exist. */
  readStream(streamName: string, options?: { fromRevision?: number }): Promise<StoredEvent[]>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** The position of the log's last event; 0n when the log is empty. */
  headPosition(): Promise<bigint>;
  /** Catch-up from a position, then live. */
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
