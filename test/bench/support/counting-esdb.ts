// An in-memory EventStoreDB behind the gRPC client's interface (the `client` option of
// EventStoreDbEventStore), seen through counting views: each view counts the calls its holder
// makes (one call = one request to the server: a stream read, a page of $all, an append), so that
// a test can say how many round trips an operation of the production path costs. Several views
// share one log (the API and the projector are separate processes in production).
import { EventEmitter } from 'node:events';
import { END, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError, type Position, type ReadPosition } from '@eventstore/db-client';
import type { EsdbClient } from '#libs/event-store/esdb';

interface Entry {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position: Position;
}

export type EsdbCall = 'readStream' | 'readAll' | 'appendToStream' | 'subscribeToAll';

export class FakeEsdb {
  readonly all: Entry[] = [];
  private readonly streams = new Map<string, Entry[]>();
  private readonly live = new Set<{ emit: (e: Entry) => void }>();

  /** A client of this log that counts its own calls. */
  view(): CountingEsdb {
    return new CountingEsdb(this);
  }

  append(streamId: string, events: Array<{ id: string; type: string; data: unknown; metadata?: unknown }>, expected: unknown) {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    const ok =
      expected === 'any' || (expected === NO_STREAM ? current === undefined : expected === 'stream_exists' ? current !== undefined : expected === current);
    if (!ok) throw new WrongExpectedVersionError(undefined as never, { streamName: streamId, current: current ?? NO_STREAM, expected } as never);
    let last!: Entry;
    for (const e of events) {
      const position = BigInt(this.all.length + 1) * 100n;
      last = {
        id: e.id,
        streamId,
        revision: BigInt(stream.length),
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        position: { commit: position, prepare: position },
      };
      stream.push(last);
      this.all.push(last);
    }
    this.streams.set(streamId, stream);
    for (const l of this.live) for (const e of this.all.slice(this.all.length - events.length)) l.emit(e);
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  stream(streamId: string): Entry[] | undefined {
    return this.streams.get(streamId);
  }

  listen(l: { emit: (e: Entry) => void }): () => void {
    this.live.add(l);
    return () => void this.live.delete(l);
  }
}

const resolved = (e: Entry) => ({
  event: {
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    isJson: true,
    created: new Date(0),
    position: e.position,
  },
});

export class CountingEsdb {
  readonly calls: Record<EsdbCall, number> = { readStream: 0, readAll: 0, appendToStream: 0, subscribeToAll: 0 };
  /** The streams read, in order (which stream each stream read was of). */
  readonly streamsRead: string[] = [];
  readonly client: EsdbClient;

  constructor(log: FakeEsdb) {
    const { calls, streamsRead } = this;
    const client = {
      async appendToStream(
        streamId: string,
        events: Array<{ id: string; type: string; data: unknown; metadata?: unknown }>,
        options: { expectedRevision?: unknown } = {},
      ) {
        calls.appendToStream++;
        return log.append(streamId, Array.isArray(events) ? events : [events], options.expectedRevision ?? 'any');
      },
      readStream(streamId: string, options: { fromRevision?: bigint | typeof START } = {}) {
        calls.readStream++;
        streamsRead.push(streamId);
        return (async function* () {
          const events = log.stream(streamId);
          if (!events?.length) throw new StreamNotFoundError(undefined as never, streamId);
          const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : 0n;
          for (const e of events) if (e.revision >= from) yield resolved(e);
        })();
      },
      readAll(options: { fromPosition?: ReadPosition; maxCount?: number | bigint; direction?: string } = {}) {
        calls.readAll++;
        const { fromPosition = START, maxCount = Number.MAX_SAFE_INTEGER, direction = 'forwards' } = options;
        const from = fromPosition === START || fromPosition === END ? undefined : (fromPosition as Position).commit;
        const page =
          direction === 'forwards'
            ? log.all.filter((e) => from === undefined || e.position.commit >= from)
            : [...log.all].reverse().filter((e) => from === undefined || e.position.commit < from);
        return (async function* () {
          yield* page.slice(0, Number(maxCount)).map(resolved);
        })();
      },
      subscribeToAll(options: { fromPosition?: ReadPosition } = {}) {
        calls.subscribeToAll++;
        const source = Object.assign(new EventEmitter(), {
          pause() {},
          resume() {},
          unsubscribe: async () => {
            stop();
            source.emit('unsubscribed');
          },
        });
        const after =
          options.fromPosition === START || options.fromPosition === undefined
            ? -1n
            : options.fromPosition === END
              ? Infinity
              : (options.fromPosition as Position).commit;
        const backlog = log.all.filter((e) => typeof after === 'bigint' && e.position.commit > after);
        const stop = log.listen({ emit: (e) => setImmediate(() => source.emit('data', resolved(e))) });
        setImmediate(() => backlog.forEach((e) => source.emit('data', resolved(e))));
        return source;
      },
      async dispose() {},
    };
    this.client = client as unknown as EsdbClient;
  }

  reset(): void {
    for (const k of Object.keys(this.calls) as EsdbCall[]) this.calls[k] = 0;
    this.streamsRead.length = 0;
  }
}
