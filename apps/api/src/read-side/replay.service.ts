// Replays (blue/green rebuilds) of read models inside the API: the embedded default keeps its
// read models in this process's memory, so this is where they can be rebuilt. A replay runs a
// fresh ProjectionRunner over the whole log into a fresh store while the pages keep reading the
// current one; once it has applied what the live projector has, the store switches to it at once
// (see switchable-read-store.ts) and the live projector feeds it from then on.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { conflict } from '#libs/domain';
import type { EventStore, SubscribeOptions } from '#libs/event-store';
import type { Clock } from '#libs/platform';
import { PROJECTION_COLLECTIONS, PROJECTIONS, type Projection, ProjectionRunner, type ReadStore } from '#libs/read-models';
import { CLOCK, EVENT_STORE, isReadStoreSwitch, READ_PROGRESS, READ_STORE, type ReadProgress } from '#libs/shell';

export const REPLAYABLE = ['all', ...PROJECTIONS.map((p) => p.name)] as const;

export interface ReplayStatus {
  replayId: string;
  projections: string[];
  status: 'RUNNING' | 'SWITCHED' | 'FAILED';
  startedAt: string;
  finishedAt?: string;
  /** The log position the rebuilt read models have applied. */
  appliedPosition: string;
  /** The log's last position now. */
  headPosition: string;
  eventsApplied: number;
  /** Events between the applied position and the head (positions of the embedded log are gap-free). */
  eventsLeft: number;
  eventsPerSecond: number;
  /** null until a rate is known. */
  secondsLeft: number | null;
  error?: string;
}

interface Replay {
  id: string;
  projections: readonly Projection[];
  startedAt: string;
  startedMs: number;
  finishedMs?: number;
  finishedAt?: string;
  status: ReplayStatus['status'];
  applied: bigint;
  events: number;
  error?: string;
  runner?: ProjectionRunner;
}

const KEPT = 20;

/**
 * The log as the rebuild reads it: each batch waits for a turn of the event loop first, so that
 * requests keep being answered while a large log is replayed (the memory store resolves at once,
 * and a catch-up that never yields would hold the loop for the whole replay).
 */
function politely(events: EventStore): EventStore {
  return {
    append: (stream, batch, expected) => events.append(stream, batch, expected),
    readStream: (stream, options) => events.readStream(stream, options),
    readAll: (options) => events.readAll(options),
    headPosition: () => events.headPosition(),
    close: () => Promise.resolve(),
    subscribe: (options: SubscribeOptions) =>
      events.subscribe({
        ...options,
        onEvents: async (batch) => {
          await yieldToEventLoop();
          await options.onEvents(batch);
        },
      }),
  };
}

@Injectable()
export class ReplayService implements OnApplicationShutdown {
  private readonly logger = new Logger('Replay');
  private readonly replays = new Map<string, Replay>();
  private running: Replay | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(READ_PROGRESS) private readonly live: ReadProgress,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Starts a replay of one projection or of `all`; refused while another one runs. */
  async start(projection: string): Promise<ReplayStatus> {
    if (!isReadStoreSwitch(this.store)) throw conflict('REPLAY.UNSUPPORTED', 'this read store is not rebuilt in the API; replay it where its projector runs');
    if (this.running) throw conflict('REPLAY.RUNNING', `replay ${this.running.id} is still running`);
    const projections = projection === 'all' ? PROJECTIONS : PROJECTIONS.filter((p) => p.name === projection);
    const replay: Replay = {
      id: randomUUID(),
      projections,
      startedAt: this.clock.now().toISOString(),
      startedMs: performance.now(),
      status: 'RUNNING',
      applied: 0n,
      events: 0,
    };
    this.running = replay;
    this.replays.set(replay.id, replay);
    for (const id of [...this.replays.keys()].slice(0, Math.max(0, this.replays.size - KEPT))) this.replays.delete(id);
    void this.run(replay).finally(() => {
      if (this.running === replay) this.running = undefined;
    });
    return this.statusOf(replay, await this.events.headPosition());
  }

  async status(replayId: string): Promise<ReplayStatus | undefined> {
    const replay = this.replays.get(replayId);
    return replay && this.statusOf(replay, await this.events.headPosition());
  }

  private async run(replay: Replay): Promise<void> {
    const store = this.store;
    if (!isReadStoreSwitch(store)) return;
    const fresh = store.fresh();
    const names = new Set(replay.projections.map((p) => p.collection));
    let failed!: (error: unknown) => void;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    failure.catch(() => undefined);
    const runner = new ProjectionRunner(
      politely(this.events),
      fresh,
      replay.projections,
      PROJECTION_COLLECTIONS.filter((c) => names.has(c.name)),
      {
        batchSize: 1_000,
        onError: (error) => failed(error),
        onApplied: (position, events) => {
          replay.applied = position;
          replay.events += events;
        },
      },
    );
    replay.runner = runner;
    try {
      await runner.start();
      await Promise.race([runner.caughtUp, failure]);
      // The live projector keeps applying new events meanwhile: switch at a moment the rebuild
      // has applied at least as much, checked and switched with nothing awaited in between.
      for (;;) {
        const live = this.live.position();
        if (runner.position >= live) {
          store.switchTo(replay.projections, fresh);
          break;
        }
        await Promise.race([runner.waitFor(live, 1_000), failure]);
      }
      replay.status = 'SWITCHED';
      this.logger.log(`replay ${replay.id} of ${replay.projections.map((p) => p.name).join(', ')}: ${replay.events} events, switched`);
    } catch (error) {
      replay.status = 'FAILED';
      replay.error = error instanceof Error ? error.message : String(error);
      this.logger.error(`replay ${replay.id} failed, the current read models stay: ${replay.error}`);
    } finally {
      await runner.stop();
      replay.finishedAt = this.clock.now().toISOString();
      replay.finishedMs = performance.now();
    }
  }

  private statusOf(replay: Replay, head: bigint): ReplayStatus {
    const seconds = ((replay.finishedMs ?? performance.now()) - replay.startedMs) / 1_000;
    const rate = seconds > 0 ? Math.round(replay.events / seconds) : 0;
    const left = replay.status === 'SWITCHED' ? 0 : Math.max(0, Number(head - replay.applied));
    const status: ReplayStatus = {
      replayId: replay.id,
      projections: replay.projections.map((p) => p.name),
      status: replay.status,
      startedAt: replay.startedAt,
      appliedPosition: String(replay.applied),
      headPosition: String(head),
      eventsApplied: replay.events,
      eventsLeft: left,
      eventsPerSecond: rate,
      secondsLeft: left === 0 ? 0 : rate > 0 ? Math.ceil(left / rate) : null,
    };
    if (replay.finishedAt) status.finishedAt = replay.finishedAt;
    if (replay.error) status.error = replay.error;
    return status;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.runner?.stop();
  }
}
