// Pure translations between the port and @eventstore/db-client: expected revisions, errors,
// positions and recorded events. Kept apart from the adapter so that every one of them is tested
// without a server.
//
// Positions. The port's position is EventStoreDB's commit position, as a bigint. Do the events of
// one multi-event append share a commit position? Not for appends made over gRPC, the only kind
// this client makes: the server writes each event of an append as its own prepare record flagged
// IsCommitted (an "implicit transaction"; StorageWriterService.WritePrepares), and reading $all
// gives such a record the commit position of its own log position (AllReader:
// `new CommitEventRecord(eventRecord, prepare.LogPosition)`; live subscriptions get the same from
// IndexCommitter: `EventCommitted(prepares[i].LogPosition, ...)`). So every event has
// commit == prepare == its own log position: distinct and strictly increasing, and reading from
// {commit: p, prepare: p} starts exactly at the event at p. Only explicit transactions (the legacy
// TCP API) give several events one commit position (their commit record's) with distinct prepare
// positions. One bigint cannot order those, and a projection would skip the second event of a
// document at an equal position; rather than guess, `positionOf` refuses such an event loudly.
//
// Commits. Since the events of one append have distinct positions, nothing the server sends says
// which events were appended together; a subscriber must know, to apply an append whole. So each
// event of a multi-event append carries `append: {index, size}` in its stored metadata (a
// single-event append carries nothing), and `endsCommit` reads it back; `toStoredEvent` takes it
// out again, so the port never sees it. Events written before this have none: each its own commit.
import {
  ANY,
  type AppendExpectedRevision,
  type CurrentRevision,
  ErrorType,
  NO_STREAM,
  type Position,
  type ReadPosition,
  START,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import { type ExpectedRevision, type NewEvent, type StoredEvent, WrongExpectedRevisionError } from '../port.js';
import type { Upcast } from '../upcast.js';

const MAX_REVISION = BigInt(Number.MAX_SAFE_INTEGER);
/** EventStoreDB positions are unsigned 64-bit integers. */
const MAX_POSITION = 2n ** 64n - 1n;

export function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`not a stream revision: ${expected}`);
  return BigInt(expected);
}

export function fromClientRevision(revision: AppendExpectedRevision): ExpectedRevision {
  if (revision === ANY) return 'any';
  if (revision === NO_STREAM) return 'no_stream';
  if (revision === STREAM_EXISTS) throw new RangeError('the port has no stream_exists expectation');
  return toRevisionNumber(revision);
}

export function fromCurrentRevision(current: CurrentRevision): number | 'no_stream' {
  return current === NO_STREAM ? 'no_stream' : toRevisionNumber(current);
}

export function toRevisionNumber(revision: bigint): number {
  if (revision < 0n || revision > MAX_REVISION) throw new RangeError(`stream revision out of range: ${revision}`);
  return Number(revision);
}

interface WrongExpectedVersionLike {
  type: ErrorType.WRONG_EXPECTED_VERSION;
  actualVersion?: CurrentRevision;
}

/** By its `type`, not `instanceof`: two copies of the client in node_modules would defeat the class check. */
export function isWrongExpectedVersion(error: unknown): error is WrongExpectedVersionLike {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION;
}

/** EventStoreDB's refusal of a $all read from inside a record (RpcExceptions.InvalidPositionException: INVALID_ARGUMENT). */
export function isInvalidPosition(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === 3 && /invalid position/i.test(String(e.message));
}

export function isStreamNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND;
}

/** The client's WrongExpectedVersionError as the port's error; any other error unchanged. */
export function mapAppendError(error: unknown, streamName: string, expected: ExpectedRevision): unknown {
  if (!isWrongExpectedVersion(error)) return error;
  const actual = error.actualVersion === undefined ? 'no_stream' : fromCurrentRevision(error.actualVersion);
  return new WrongExpectedRevisionError(streamName, expected, actual);
}

export class ExplicitTransactionError extends Error {
  constructor(readonly position: Position) {
    super(`event at commit ${position.commit}, prepare ${position.prepare} belongs to an explicit transaction: one bigint position cannot order it`);
    this.name = 'ExplicitTransactionError';
  }
}

/** The port's position of an event read from $all. */
export function positionOf(position: Position): bigint {
  if (position.commit !== position.prepare) throw new ExplicitTransactionError(position);
  return position.commit;
}

/** Where to start reading $all so that the event at `after` is the first returned (reads are inclusive). */
export function toReadPosition(after: bigint): ReadPosition {
  if (after < 0n || after > MAX_POSITION) throw new RangeError(`not an EventStoreDB position: ${after}`);
  return after === 0n ? START : { commit: after, prepare: after };
}

export function isProductStream(streamName: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => streamName.startsWith(prefix));
}

/** The client's event data for a port event: JSON, with the port's UUID as the server-side event id. */
export function toEventData(event: NewEvent, index = 0, events: readonly unknown[] = [event]) {
  const metadata = events.length > 1 ? { ...event.metadata, [APPEND_KEY]: { index, size: events.length } } : event.metadata;
  return {
    id: event.eventId,
    contentType: 'application/json' as const,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: metadata as unknown as Record<string, unknown>,
  };
}

const APPEND_KEY = 'append';

/** Whether a recorded event is the last of the append that wrote it. */
export function endsCommit(recorded: { metadata?: unknown } | undefined): boolean {
  const append = (recorded?.metadata as Record<string, unknown> | undefined)?.[APPEND_KEY] as { index?: unknown; size?: unknown } | undefined;
  if (typeof append !== 'object' || append === null || typeof append.index !== 'number' || typeof append.size !== 'number') return true;
  return append.index >= append.size - 1;
}

export interface RecordedLike {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
}

function withoutAppend(metadata: unknown): unknown {
  if (typeof metadata !== 'object' || metadata === null || !(APPEND_KEY in metadata)) return metadata;
  const { [APPEND_KEY]: _append, ...rest } = metadata as Record<string, unknown>;
  return rest;
}

export function toStoredEvent(recorded: RecordedLike, position: bigint, upcast: Upcast): StoredEvent {
  return upcast({
    eventId: recorded.id,
    streamName: recorded.streamId,
    revision: toRevisionNumber(recorded.revision),
    position,
    type: recorded.type,
    data: recorded.data,
    metadata: withoutAppend(recorded.metadata) as StoredEvent['metadata'],
  });
}
