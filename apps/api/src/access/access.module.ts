// The access check a partner asks before it reaches a seller's data: read from the event store, never stale.
import { Module } from '@nestjs/common';
import { AccessChecksController } from './access-checks.controller.js';

@Module({ controllers: [AccessChecksController] })
export class AccessModule {}
