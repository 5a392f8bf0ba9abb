// The one generic command handler: read the stream, fold, decide, append with the expected
// revision. A conflict with a concurrent writer is retried from a fresh read, where the decider
// checks the command again (If-Match included), so a retry never acts on a stale decision. The
// state may come from the embedded store's exact cache (state-cache.ts); the append's expected
// revision is the one that state was folded at, so the store's check stays the authority.
import { randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from '#libs/domain';
import { type EventActor, type EventMetadata, type EventStore, type NewEvent, type StoredEvent, WrongExpectedRevisionError } from './port.js';
import { foldStream, type StreamState, type StreamStates, UncachedStreamStates } from './state-cache.js';

export interface CommandContext {
  actor: EventActor;
  correlationId: string;
  causationId: string | null;
  now: string;
}

export type MetadataOverride = Partial<Pick<EventMetadata, 'actor' | 'causationId'>> | undefined;

export interface HandleOptions<E> {
  schemaVersionOf: (type: string) => number;
  maxAttempts?: number;
  /** Per-event metadata, for events a command makes on the system's behalf (a signed proposal's grants). */
  annotate?: (events: E[], eventIds: string[]) => MetadataOverride[];
  newEventId?: () => string;
  /** Where the stream's state is read from: the embedded store's cache, or the store itself (the default). */
  states?: StreamStates;
  /**
   * The command's key (EventMetadata.idempotencyKey): written on every event it appends; events of
   * the stream that already carry it answer the command instead of a new decision.
   */
  idempotencyKey?: string;
}

export interface Handled<S, E> {
  /** The state after the command. */
  state: S;
  /** What the decider decided; [] when the stream already was where the command wants it. */
  events: E[];
  /** The position of the last event of the command, or of the stream's last event when it appended nothing. */
  position: bigint;
  /** The time the command was decided at: its context's `now`, or, replayed, its first run's. */
  decidedAt: string;
  /** Answered from the events an earlier run of the same command appended (nothing was appended now). */
  replayed: boolean;
}

export class ConcurrencyExhaustedError extends Error {
  constructor(readonly streamName: string) {
    super(`stream ${streamName} kept changing under the command`);
    this.name = 'ConcurrencyExhaustedError';
  }
}

export async function handleCommand<C, S, E extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Decider<C, S, E>,
  command: C,
  context: CommandContext,
  options: HandleOptions<E>,
): Promise<Handled<S, E>> {
  const attempts = options.maxAttempts ?? 8;
  const newId = options.newEventId ?? randomUUID;
  const states = options.states ?? new UncachedStreamStates(store);
  const key = options.idempotencyKey;
  for (let attempt = 1; ; attempt++) {
    const read = key === undefined ? await states.read(streamName, decider) : await readKeyed(store, streamName, decider, key);
    if ('replayed' in read) return read;
    let state = read.state;
    const events = decider.decide(command, state);
    if (events.length === 0) {
      const position = read.position ?? (await store.headPosition());
      return { state, events, position, decidedAt: context.now, replayed: false };
    }
    const ids = events.map(() => newId());
    const overrides = options.annotate?.(events, ids) ?? [];
    const toAppend: NewEvent[] = events.map((e, i) => ({
      eventId: ids[i]!,
      type: e.type,
      data: e.data,
      metadata: {
        actor: context.actor,
        correlationId: context.correlationId,
        causationId: context.causationId,
        occurredAt: context.now,
        schemaVersion: options.schemaVersionOf(e.type),
        ...overrides[i],
        ...(key !== undefined && { idempotencyKey: key }),
      },
    }));
    const expected = read.revision >= 0 ? read.revision : 'no_stream';
    try {
      const result = await store.append(streamName, toAppend, expected);
      for (const e of events) state = decider.evolve(state, e);
      return { state, events, position: result.position, decidedAt: context.now, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // The state this attempt decided on lost the race: the retry reads the stream again.
      states.forget(streamName);
      if (attempt >= attempts) throw new ConcurrencyExhaustedError(streamName);
    }
  }
}

/**
 * The stream read for a command with a key: from the store, with its events (a cached state does
 * not tell which command appended what). Either its state, or the answer made of the events an
 * earlier run of the command appended: the state as it stood after the last of them.
 */
async function readKeyed<S, E extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
  key: string,
): Promise<StreamState<S> | Handled<S, E>> {
  const stored = await store.readStream(streamName);
  const last = stored.findLastIndex((e) => e.metadata.idempotencyKey === key);
  if (last < 0) return foldStream(stored, decider);
  const upTo = stored.slice(0, last + 1);
  const mine = upTo.filter((e) => e.metadata.idempotencyKey === key);
  return {
    state: foldStream(upTo, decider).state,
    events: mine.map((e) => ({ type: e.type, data: e.data }) as E),
    position: stored[last]!.position,
    decidedAt: stored[last]!.metadata.occurredAt,
    replayed: true,
  };
}

/** The state of a stream as its decider folds it, with its events. */
export async function loadState<S, E extends DomainEvent>(
  store: EventStore,
  streamName: string,
  decider: Pick<Decider<unknown, S, E>, 'initialState' | 'evolve'>,
): Promise<{ state: S; events: StoredEvent[] }> {
  const events = await store.readStream(streamName);
  let state = decider.initialState();
  for (const e of events) state = decider.evolve(state, e as unknown as E);
  return { state, events };
}
