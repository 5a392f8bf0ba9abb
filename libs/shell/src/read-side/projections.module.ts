// Where the read models stand: the in-process projector when this process runs the projections,
// else the read store's checkpoints (production API instances with RUN_PROJECTOR=false).
import { Module } from '@nestjs/common';
import type { Config } from '#libs/platform';
import { CONFIG } from '../infrastructure/injection-keys.js';
import { CheckpointProgress } from './checkpoint-progress.js';
import { InProcessProjector } from './projector.service.js';
import { READ_PROGRESS, type ReadProgress } from './read-side.keys.js';

/**
 * A plain view of a progress: Nest runs the lifecycle hooks of whatever a factory provider returns,
 * so handing out the projector itself would start it a second time.
 */
const viewOf = (progress: ReadProgress): ReadProgress => ({
  position: () => progress.position(),
  waitFor: (position, timeoutMs) => progress.waitFor(position, timeoutMs),
  caughtUp: () => progress.caughtUp(),
  whenCaughtUp: () => progress.whenCaughtUp(),
});

@Module({
  providers: [
    InProcessProjector,
    CheckpointProgress,
    {
      provide: READ_PROGRESS,
      inject: [CONFIG, InProcessProjector, CheckpointProgress],
      useFactory: (config: Config, projector: InProcessProjector, checkpoints: CheckpointProgress) => viewOf(config.runProjector ? projector : checkpoints),
    },
  ],
  exports: [READ_PROGRESS, InProcessProjector],
})
export class ProjectionsModule {}
