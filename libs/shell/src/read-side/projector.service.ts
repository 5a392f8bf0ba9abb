// Runs the projections in this process (always on the embedded default; in production where
// RUN_PROJECTOR is on, once the process holds the background gate): read-your-writes for every
// command, stopped on shutdown. Inert in a process that does not run the projections.
//
// On the embedded default the read models live in memory: at start they are loaded from their
// last snapshot (when one is usable) and caught up from the log from there; snapshots are written
// in the background as the log grows and once more at graceful shutdown (libs/read-models
// snapshots/). Ready (/health/ready) keeps meaning caught up with the log as it stood at start.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import {
  isSnapshotted,
  PROJECTION_COLLECTIONS,
  PROJECTIONS,
  ProjectionRunner,
  ReadModelSnapshots,
  type ReadStore,
  type RestoreOutcome,
  type SnapshotSource,
} from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CommandRunner } from '../commands/command-runner.js';
import type { BackgroundGate } from '../infrastructure/background-gate.js';
import { keepTrying, type RetryPolicy } from '../infrastructure/background-retry.js';
import { BACKGROUND_GATE, BACKGROUND_RETRY, CONFIG, EVENT_STORE } from '../infrastructure/injection-keys.js';
import { READ_STORE, type ReadProgress } from './read-side.keys.js';

/** How often the background snapshot looks whether one is due. */
const SNAPSHOT_CHECK_MS = 30_000;
/** A snapshot is due after this many events, or this long after the last one with any event since. */
const SNAPSHOT_EVERY_EVENTS = 100_000n;
const SNAPSHOT_EVERY_MS = 10 * 60_000;

@Injectable()
export class InProcessProjector implements ReadProgress, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly runner: ProjectionRunner;
  private caught = false;
  private started: Promise<void> | undefined;
  private opened = false;
  private startedAt = performance.now();
  private stopping = false;
  private readonly stopped = new AbortController();
  private readonly snapshots: ReadModelSnapshots | undefined;
  private readonly snapshotted: SnapshotSource | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private snapshotWriting: Promise<unknown> | undefined;
  private lastSnapshotAt = Date.now();
  /** How the read models were loaded at start (undefined: no snapshots here, or not started yet). */
  restored: RestoreOutcome | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(BACKGROUND_GATE) private readonly gate: BackgroundGate,
    commands: CommandRunner,
    @Optional() @Inject(BACKGROUND_RETRY) private readonly retryPolicy?: RetryPolicy,
  ) {
    this.runner = new ProjectionRunner(events, store, PROJECTIONS, PROJECTION_COLLECTIONS, {
      onError: (error) => this.logger.error(`projection failed, retrying: ${(error as Error).stack ?? String(error)}`),
    });
    void this.runner.caughtUp.then(() => {
      this.caught = true;
      this.logger.log(`read models caught up at position ${this.runner.position} in ${Math.round(performance.now() - this.startedAt)} ms`);
    });
    if (isSnapshotted(store)) {
      this.snapshotted = store;
      this.snapshots = new ReadModelSnapshots(store.snapshotStorage, PROJECTIONS, PROJECTION_COLLECTIONS, {
        log: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
      });
    }
    // Read-your-writes: a command answers once the read models show it.
    if (config.runProjector) commands.onAppended(async (position) => void (await this.runner.waitFor(position, this.config.minPositionWaitMs)));
  }

  /** In the background: a process waiting for the gate still serves (and reports not ready). */
  onApplicationBootstrap(): void {
    if (!this.config.runProjector) return;
    this.startedAt = performance.now();
    // The gate's open never rejects (the lease keeper retries its own failures); the start is
    // retried with back-off (background-retry.ts), so a failed start never stops the projections for good.
    this.started = this.gate.open().then(async () => {
      this.opened = true;
      if (this.stopping) return;
      const started = await keepTrying(() => this.start(), {
        what: 'the projector',
        log: this.logger,
        signal: this.stopped.signal,
        ...(this.retryPolicy && { policy: this.retryPolicy }),
        ...(this.gate.giveUp && { giveUp: (reason: string) => this.gate.giveUp!(reason) }),
      });
      if (started && this.snapshots && !this.stopping) this.scheduleSnapshots(this.snapshots);
    });
    this.started.catch((error: unknown) => this.logger.error(`the projector did not start: ${(error as Error).stack ?? String(error)}`));
  }

  private async start(): Promise<void> {
    if (this.snapshots && !this.restored) this.restored = await this.snapshots.restore(this.store, this.events);
    if (this.stopping) return;
    await this.runner.start();
  }

  private scheduleSnapshots(snapshots: ReadModelSnapshots): void {
    void snapshots.cleanUp().catch((error: unknown) => this.logger.warn(`old read-model snapshots were not removed: ${(error as Error).message}`));
    this.snapshotTimer = setInterval(() => {
      const since = this.runner.position - (snapshots.position < 0n ? 0n : snapshots.position);
      const due = since >= SNAPSHOT_EVERY_EVENTS || (since > 0n && Date.now() - this.lastSnapshotAt >= SNAPSHOT_EVERY_MS);
      if (!this.caught || this.snapshotWriting || this.stopping || !due) return;
      this.snapshotWriting = this.writeSnapshot(snapshots, Infinity).finally(() => (this.snapshotWriting = undefined));
    }, SNAPSHOT_CHECK_MS);
    this.snapshotTimer.unref();
  }

  private async writeSnapshot(snapshots: ReadModelSnapshots, deadline: number): Promise<void> {
    try {
      const outcome = await snapshots.write(this.snapshotted!, this.events, { deadline });
      if (outcome.written) this.lastSnapshotAt = Date.now();
      else this.logger.log(`no read-model snapshot written: ${outcome.reason ?? 'nothing new'}`);
    } catch (error) {
      // The previous snapshot stays in force: a later start replays a little more of the log.
      this.logger.warn(`the read-model snapshot failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    clearInterval(this.snapshotTimer);
    // A process still waiting for the gate started nothing: nothing to wait for.
    if (this.opened) await this.started?.catch(() => undefined);
    await this.runner.stop();
    // The read models as they stand, for a quick restart; half the shutdown budget at most, past
    // which it is abandoned and the last background snapshot stays in force.
    if (this.snapshots && this.opened) {
      await this.snapshotWriting;
      await this.writeSnapshot(this.snapshots, performance.now() + this.config.shutdownTimeoutMs / 2);
    }
  }

  position(): bigint {
    return this.runner.position;
  }

  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.runner.waitFor(position, timeoutMs);
  }

  caughtUp(): boolean {
    return this.caught;
  }

  whenCaughtUp(): Promise<void> {
    return this.runner.caughtUp;
  }
}
