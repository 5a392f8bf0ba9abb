// Where the read models stand: the in-process projector when this process runs the projections,
// else the read store's checkpoints (production API instances with RUN_PROJECTOR=false).
import { Module } from '@nestjs/common';
import type { Config } from '#libs/platform';
import { CONFIG } from './infrastructure/tokens.js';
import { CheckpointProgress } from './read-side/checkpoint-progress.js';
import { InProcessProjector } from './read-side/projector.service.js';
import { READ_PROGRESS } from './read-side/read-side.tokens.js';

@Module({
  providers: [
    InProcessProjector,
    CheckpointProgress,
    {
      provide: READ_PROGRESS,
      inject: [CONFIG, InProcessProjector, CheckpointProgress],
      useFactory: (config: Config, projector: InProcessProjector, checkpoints: CheckpointProgress) => (config.runProjector ? projector : checkpoints),
    },
  ],
  exports: [READ_PROGRESS, InProcessProjector],
})
export class ProjectionsModule {}
