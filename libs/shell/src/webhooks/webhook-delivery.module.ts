// The webhook dispatcher and delivery worker: background work, run where the processes run. The
// dispatcher is also where expiring reminders go.
import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../read-side/projections.module.js';
import { DeliveryWorker } from './delivery-worker.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

@Module({
  imports: [ProjectionsModule],
  providers: [DeliveryWorker, WebhookDispatcher],
  exports: [WebhookDispatcher, DeliveryWorker],
})
export class WebhookDeliveryModule {}
