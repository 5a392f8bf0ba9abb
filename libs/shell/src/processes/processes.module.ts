// The processes: cascades and deadlines, run from durable checkpoints through the command handler.
import { type DynamicModule, Module } from '@nestjs/common';
import { EXPIRING_REMINDERS } from '../infrastructure/injection-keys.js';
import { CascadeProcess } from './cascade.process.js';
import { DeadlineProcess, type ExpiringReminders } from './deadline.process.js';
import { IntentExecutor } from './intent-executor.js';
import { Processes } from './processes.service.js';
import { ProjectionsModule } from '../read-side/projections.module.js';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js';
import { WebhookDeliveryModule } from '../webhooks/webhook-delivery.module.js';

/** Reminders that go nowhere (tests that do not look at them). */
export const NO_REMINDERS: ExpiringReminders = { notify: async () => undefined };

@Module({})
export class ProcessesModule {
  /** `reminders`: where expiring reminders go instead of the webhook dispatcher (tests record them). */
  static register(reminders?: ExpiringReminders): DynamicModule {
    const sink = reminders ? { provide: EXPIRING_REMINDERS, useValue: reminders } : { provide: EXPIRING_REMINDERS, useExisting: WebhookDispatcher };
    return {
      module: ProcessesModule,
      imports: [ProjectionsModule, WebhookDeliveryModule],
      providers: [IntentExecutor, CascadeProcess, DeadlineProcess, Processes, sink],
      exports: [Processes],
    };
  }
}
