// Webhooks: the partner's routes (subscribe, list, unsubscribe, rotate the secret, the delivery log).
import { Module } from '@nestjs/common';
import { ReadSideModule } from '../read-side/read-side.module.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [ReadSideModule],
  controllers: [WebhooksController],
})
export class WebhooksModule {}
