// How far the read models are, for an API process that does not run the projections (production
// with RUN_PROJECTOR=false): read from the read store's checkpoints, which the projector writes
// in the same transaction as the documents.
//
// One poller per process, whatever the number of waiting requests: X-Min-Position waits register
// here, and while any is waiting one loop reads the checkpoints (one findOne per projection) every
// POLL_MS and wakes every waiter the read models have reached. A hundred waiting requests cost the
// reads of one; with none waiting, nothing is read.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CONFIG, EVENT_STORE } from '../infrastructure/injection-keys.js';
import { READ_STORE, type ReadProgress } from './read-side.keys.js';

const POLL_MS = 50;

interface Waiter {
  position: bigint;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

@Injectable()
export class CheckpointProgress implements ReadProgress, OnApplicationBootstrap {
  private applied = 0n;
  private headAtStart: bigint | undefined;
  private caughtUpResolve!: () => void;
  private readonly caught = new Promise<void>((resolve) => (this.caughtUpResolve = resolve));
  private done = false;
  private readonly logger = new Logger('ReadProgress');
  private startedAt = performance.now();
  private waiters: Waiter[] = [];
  private polling = false;
  private refreshing: Promise<bigint> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.runProjector) return; // this process's own projector says where it is
    this.startedAt = performance.now();
    this.headAtStart = await this.events.headPosition();
    void this.watchUntilCaughtUp();
  }

  /** One read of the checkpoints at a time: concurrent callers share the one under way. */
  private refresh(): Promise<bigint> {
    this.refreshing ??= this.read().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async read(): Promise<bigint> {
    const checkpoints = await Promise.all(PROJECTIONS.map((p) => this.store.checkpoint(p.name)));
    this.applied = checkpoints.reduce((a, b) => (a < b ? a : b));
    if (this.headAtStart !== undefined && this.applied >= this.headAtStart && !this.done) {
      this.done = true;
      this.logger.log(`read models caught up at position ${this.applied} in ${Math.round(performance.now() - this.startedAt)} ms`);
      this.caughtUpResolve();
    }
    return this.applied;
  }

  private async watchUntilCaughtUp(): Promise<void> {
    while (!this.done) {
      await this.refresh().catch(() => undefined);
      if (!this.done) await new Promise((r) => setTimeout(r, 250).unref());
    }
  }

  position(): bigint {
    return this.applied;
  }

  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.applied >= position) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        // At the deadline, one last look (shared with the poller's read if one is under way).
        timer: setTimeout(() => {
          void this.refresh()
            .catch(() => this.applied)
            .then(() => this.settle(waiter, this.applied >= position));
        }, timeoutMs),
      };
      waiter.timer.unref();
      this.waiters.push(waiter);
      void this.poll();
    });
  }

  private settle(waiter: Waiter, reached: boolean): void {
    if (!this.waiters.includes(waiter)) return;
    this.waiters = this.waiters.filter((w) => w !== waiter);
    clearTimeout(waiter.timer);
    waiter.resolve(reached);
  }

  /** The one loop that reads while anyone waits; a failed read is tried again at the next tick. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      while (this.waiters.length) {
        await this.refresh().catch(() => undefined);
        for (const waiter of this.waiters.filter((w) => w.position <= this.applied)) this.settle(waiter, true);
        if (this.waiters.length) await new Promise((r) => setTimeout(r, POLL_MS).unref());
      }
    } finally {
      this.polling = false;
    }
  }

  caughtUp(): boolean {
    return this.done;
  }

  whenCaughtUp(): Promise<void> {
    return this.caught;
  }
}
