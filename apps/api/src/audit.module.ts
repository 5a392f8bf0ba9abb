// Audit: the event history, authorizations as they stood at a past instant, and the operators'
// blue/green replays of the read models.
import { Module } from '@nestjs/common';
import { AuditController } from './audit/audit.controller.js';
import { ReplaysController } from './audit/replays.controller.js';
import { ReadSideModule } from './read-side.module.js';
import { ReplayService } from './read-side/replay.service.js';

@Module({
  imports: [ReadSideModule],
  controllers: [AuditController, ReplaysController],
  providers: [ReplayService],
})
export class AuditModule {}
