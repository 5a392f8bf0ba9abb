// Webhooks: the partner's routes, and (where the processes run) the dispatcher that turns the log
// into signed deliveries. The dispatcher is also where expiring reminders go.
import { Module } from '@nestjs/common';
import { ReadSideModule } from './read-side.module.js';
import { DeliveryWorker } from './webhooks/delivery-worker.js';
import { SubscribeWebhookHandler, UnsubscribeWebhookHandler } from './webhooks/webhook.commands.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';

@Module({
  imports: [ReadSideModule],
  controllers: [WebhooksController],
  providers: [SubscribeWebhookHandler, UnsubscribeWebhookHandler, DeliveryWorker, WebhookDispatcher],
  exports: [WebhookDispatcher, DeliveryWorker],
})
export class WebhooksModule {}
