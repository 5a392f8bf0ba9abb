// How far the read models are, for an API process that does not run the projections (production
// with RUN_PROJECTOR=false): read from the read store's checkpoints, which the projector writes
// in the same transaction as the documents.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';
import { READ_STORE, type ReadProgress } from './read-side.tokens.js';

const POLL_MS = 50;

@Injectable()
export class CheckpointProgress implements ReadProgress, OnApplicationBootstrap {
  private applied = 0n;
  private headAtStart: bigint | undefined;
  private caughtUpResolve!: () => void;
  private readonly caught = new Promise<void>((resolve) => (this.caughtUpResolve = resolve));
  private done = false;
  private readonly logger = new Logger('ReadProgress');
  private startedAt = performance.now();

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

  private async refresh(): Promise<bigint> {
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

  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.refresh()) >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
    }
  }

  caughtUp(): boolean {
    return this.done;
  }

  whenCaughtUp(): Promise<void> {
    return this.caught;
  }
}
