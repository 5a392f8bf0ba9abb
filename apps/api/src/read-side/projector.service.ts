// Runs the projections in this process (always on the embedded default; in production where
// RUN_PROJECTOR is on, once the process holds the background gate): read-your-writes for every
// command, stopped on shutdown. Inert in a process that does not run the projections.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner, type ReadStore } from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CommandRunner } from '../commands/command-runner.js';
import type { BackgroundGate } from '../infrastructure/background-gate.js';
import { BACKGROUND_GATE, CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';
import { READ_STORE, type ReadProgress } from './read-side.tokens.js';

@Injectable()
export class InProcessProjector implements ReadProgress, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly runner: ProjectionRunner;
  private caught = false;
  private started: Promise<void> | undefined;
  private opened = false;
  private stopping = false;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) store: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(BACKGROUND_GATE) private readonly gate: BackgroundGate,
    commands: CommandRunner,
  ) {
    this.runner = new ProjectionRunner(events, store, PROJECTIONS, PROJECTION_COLLECTIONS, {
      onError: (error) => this.logger.error(`projection failed, retrying: ${(error as Error).stack ?? String(error)}`),
    });
    void this.runner.caughtUp.then(() => (this.caught = true));
    // Read-your-writes: a command answers once the read models show it.
    if (config.runProjector) commands.onAppended(async (position) => void (await this.runner.waitFor(position, this.config.minPositionWaitMs)));
  }

  /** In the background: a process waiting for the gate still serves (and reports not ready). */
  onApplicationBootstrap(): void {
    if (!this.config.runProjector) return;
    this.started = this.gate.open().then(() => {
      this.opened = true;
      if (!this.stopping) return this.runner.start();
    });
    this.started.catch((error: unknown) => this.logger.error(`the projector did not start: ${(error as Error).stack ?? String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A process still waiting for the gate started nothing: nothing to wait for.
    if (this.opened) await this.started?.catch(() => undefined);
    await this.runner.stop();
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
