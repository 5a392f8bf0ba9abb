// The stand-in's $all: an in-memory log with EventStoreDB's shapes. Each event is its own record
// at a byte offset (positions grow by the record's size, not by one), commit == prepare == that
// offset, as the real server reports for events appended over gRPC (see mapping.ts). Reading from
// an offset that is not a record's start is refused, as the real server refuses it.

export interface LogRecord {
  position: bigint;
  streamName: string;
  revision: bigint;
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  customMetadata: Buffer;
  created: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Buffer;
  customMetadata: Buffer;
}

/** `any`, `no_stream`, `stream_exists`, or the revision of the stream's last event. */
export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type AppendOutcome = { ok: true; currentRevision: bigint; firstPosition: bigint; lastPosition: bigint } | { ok: false; current: bigint | 'no_stream' };

/** Where the log's first record starts: the real log starts with system records too. */
const FIRST_POSITION = 1_000n;
/** The record header the real log adds around an event's bytes (roughly). */
const RECORD_OVERHEAD = 120n;

export class InvalidLogPositionError extends Error {}

export class StandInLog {
  readonly records: LogRecord[] = [];
  private readonly byPosition = new Map<bigint, number>();
  private readonly streams = new Map<string, LogRecord[]>();
  private next = FIRST_POSITION;
  private readonly listeners = new Set<(records: LogRecord[]) => void>();

  append(streamName: string, events: readonly ProposedEvent[], expected: Expected): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length ? BigInt(stream.length - 1) : ('no_stream' as const);
    const accepted =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      (typeof expected === 'bigint' && expected === current);
    if (!accepted) return { ok: false, current };
    const written: LogRecord[] = [];
    for (const event of events) {
      const record: LogRecord = {
        ...event,
        position: this.next,
        streamName,
        revision: BigInt(stream.length),
        created: BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n,
      };
      this.next += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length + streamName.length);
      this.byPosition.set(record.position, this.records.length);
      this.records.push(record);
      stream.push(record);
      written.push(record);
    }
    this.streams.set(streamName, stream);
    for (const listener of this.listeners) listener(written);
    return { ok: true, currentRevision: BigInt(stream.length - 1), firstPosition: written[0]!.position, lastPosition: written[written.length - 1]!.position };
  }

  stream(streamName: string): LogRecord[] | undefined {
    return this.streams.get(streamName);
  }

  /** The index of the first record at or after `position` going forwards (inclusive, as the server reads). */
  indexFrom(position: bigint): number {
    if (position === 0n) return 0;
    const at = this.byPosition.get(position);
    if (at !== undefined) return at;
    if (position >= this.next) return this.records.length;
    throw new InvalidLogPositionError(`${position} is not a record boundary`);
  }

  /** The index of the last record strictly before `position` (a backwards read from it). */
  indexBefore(position: bigint): number {
    if (position >= this.next) return this.records.length - 1;
    return this.indexFrom(position) - 1;
  }

  get end(): bigint {
    return this.next;
  }

  onAppend(listener: (records: LogRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
