// Audit: the event history, authorizations as they stood at a past instant, and the operators'
// blue/green replays of the read models.
import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { ReplaysController } from './replays.controller.js';
import { ReadSideModule } from '../read-side/read-side.module.js';
import { ReplayService } from '../read-side/replay.service.js';

@Module({
  imports: [ReadSideModule],
  controllers: [AuditController, ReplaysController],
  providers: [ReplayService],
})
export class AuditModule {}
