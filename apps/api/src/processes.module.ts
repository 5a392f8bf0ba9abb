// The processes: cascades and deadlines, run from durable checkpoints through the command handler.
import { type DynamicModule, Module } from '@nestjs/common';
import { EXPIRING_REMINDERS } from './infrastructure/tokens.js';
import { CascadeProcess } from './processes/cascade.process.js';
import { DeadlineProcess, type ExpiringReminders } from './processes/deadline.process.js';
import { IntentExecutor } from './processes/intent-executor.js';
import { Processes } from './processes/processes.service.js';
import { ReadSideModule } from './read-side.module.js';

/** Until the webhooks send them, reminders go nowhere. */
export const NO_REMINDERS: ExpiringReminders = { notify: async () => undefined };

@Module({})
export class ProcessesModule {
  /** `reminders`: where expiring reminders go (tests record them). */
  static register(reminders: ExpiringReminders = NO_REMINDERS): DynamicModule {
    return {
      module: ProcessesModule,
      imports: [ReadSideModule],
      providers: [IntentExecutor, CascadeProcess, DeadlineProcess, Processes, { provide: EXPIRING_REMINDERS, useValue: reminders }],
      exports: [Processes],
    };
  }
}
