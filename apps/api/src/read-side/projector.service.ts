// Runs the projections in this process (always on the embedded default): started before the API
// answers, read-your-writes for every command, stopped on shutdown.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import { PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner, type ReadStore } from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CommandRunner } from '../commands/command-runner.js';
import { CONFIG, EVENT_STORE } from '../infrastructure/tokens.js';
import { READ_STORE, type ReadProgress } from './read-side.tokens.js';

@Injectable()
export class InProcessProjector implements ReadProgress, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly runner: ProjectionRunner;
  private caught = false;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) store: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
    commands: CommandRunner,
  ) {
    this.runner = new ProjectionRunner(events, store, PROJECTIONS, PROJECTION_COLLECTIONS, {
      onError: (error) => this.logger.error(`projection failed, retrying: ${(error as Error).stack ?? String(error)}`),
    });
    void this.runner.caughtUp.then(() => (this.caught = true));
    // Read-your-writes: a command answers once the read models show it.
    commands.onAppended(async (position) => void (await this.runner.waitFor(position, this.config.minPositionWaitMs)));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
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
