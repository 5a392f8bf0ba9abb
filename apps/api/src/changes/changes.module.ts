// The live change stream: GET /v1/changes and the one subscription it fans out.
import { Module } from '@nestjs/common';
import { ChangeFeed } from './change-feed.js';
import { ChangesController } from './changes.controller.js';

@Module({
  controllers: [ChangesController],
  providers: [ChangeFeed],
})
export class ChangesModule {}
