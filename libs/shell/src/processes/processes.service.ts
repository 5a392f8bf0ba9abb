// Hosts the processes in this API (the embedded default; in production the projector app does):
// started once the read models have caught up, stopped on shutdown.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../infrastructure/injection-keys.js';
import { READ_PROGRESS, type ReadProgress } from '../read-side/read-side.keys.js';
import { CascadeProcess } from './cascade.process.js';
import { DeadlineProcess } from './deadline.process.js';

@Injectable()
export class Processes implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    readonly cascade: CascadeProcess,
    readonly deadlines: DeadlineProcess,
    @Inject(READ_PROGRESS) private readonly progress: ReadProgress,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  private started: Promise<void> | undefined;
  private stopping = false;

  /** Starts in the background: the API listens (and reports not ready) while the read models catch up. */
  onApplicationBootstrap(): void {
    this.started = (async () => {
      await this.progress.whenCaughtUp();
      if (this.stopping) return;
      // Retried with back-off until it starts (background-retry.ts); false: stopped, or given up.
      if (!(await this.cascade.startRetrying()) || this.stopping) return;
      await this.deadlines.tick();
      if (!this.stopping) this.deadlines.start();
    })();
  }

  /** Waits until the cascade has handled the log as it stands now, then runs a deadline pass (tests). */
  async settle(): Promise<void> {
    await this.started;
    const head = await this.events.headPosition();
    while (this.cascade.position < head) await new Promise((r) => setTimeout(r, 2));
    await this.deadlines.tick();
    const after = await this.events.headPosition();
    if (after > head) return this.settle();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Told first: the start-up pass (catching up on every deadline missed while down) ends after
    // its current batch instead of running to the end before the shutdown may go on.
    const deadlinesStopped = this.deadlines.stop();
    // Waiting for the read models (or the gate before them) started nothing: nothing to wait for.
    if (this.progress.caughtUp()) await this.started?.catch(() => undefined);
    await deadlinesStopped;
    await this.cascade.stop();
  }
}
