// The deadline processes, run at start (catching up on everything that fell due while the process
// was down) and then on a short interval: expiry and auto-renew, the 72-hour cancellation
// timeout, proposal expiry, and the 30/7/1-day expiring reminders.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type AuthorizationDeadline,
  cancellationTimeoutIntents,
  expiryIntents,
  type ProcessIntent,
  proposalExpiryIntents,
  REMINDER_DAYS,
  type Reminder,
  reminderField,
  remindersDue,
} from '#libs/domain';
import { DEADLINE_COLLECTIONS, type ProposalDeadlineDocument, type ReadStore } from '#libs/read-models';
import type { CheckpointStore } from '#libs/operational';
import type { Clock, Config } from '#libs/platform';
import { CHECKPOINT_STORE, CLOCK, CONFIG, EXPIRING_REMINDERS } from '../infrastructure/injection-keys.js';
import { READ_STORE } from '../read-side/read-side.keys.js';
import { IntentExecutor, inParallel } from './intent-executor.js';

const BATCH = 500;
const REMINDER_WINDOW_MS = 86_400_000;

/** The end of the reminder window that starts at `from`: a day later, or `now`. */
function windowEnd(from: string, now: string): string {
  const end = new Date(Date.parse(from) + REMINDER_WINDOW_MS).toISOString();
  return end < now ? end : now;
}
const REMINDER_CURSOR = 'process:reminders';

/** Where expiring reminders go: the webhook dispatcher, which notifies each reminder id once. */
export interface ExpiringReminders {
  notify(reminders: readonly Reminder[]): Promise<void>;
}

interface DueKind {
  name: string;
  collection: string;
  field: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the due documents of one collection, read by the kind that names it
  intents: (due: any[]) => ProcessIntent[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  subjectOf: (due: any) => string;
}

const KINDS: DueKind[] = [
  {
    name: 'cancellation-timeout',
    collection: DEADLINE_COLLECTIONS.authorizations.name,
    field: 'cancellationDueAt',
    intents: cancellationTimeoutIntents,
    subjectOf: (d) => d.authorizationId,
  },
  { name: 'expiry', collection: DEADLINE_COLLECTIONS.authorizations.name, field: 'expiresAt', intents: expiryIntents, subjectOf: (d) => d.authorizationId },
  {
    name: 'proposal-expiry',
    collection: DEADLINE_COLLECTIONS.proposals.name,
    field: 'expiresAt',
    intents: proposalExpiryIntents,
    subjectOf: (d: ProposalDeadlineDocument) => d.proposalId,
  },
];

@Injectable()
export class DeadlineProcess {
  private readonly logger = new Logger('DeadlineProcess');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Set on shutdown: a pass under way ends after its current batch (a catch-up may hold 100,000 deadlines). */
  private stopped = false;

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(EXPIRING_REMINDERS) private readonly reminders: ExpiringReminders,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    private readonly executor: IntentExecutor,
  ) {}

  start(): void {
    if (this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.config.processIntervalMs);
    this.timer.unref();
  }

  /** One pass over everything due now; concurrent calls share the pass under way. */
  tick(): Promise<void> {
    if (this.stopped) return this.running ?? Promise.resolve();
    this.running ??= this.pass()
      .catch((error: unknown) => this.logger.error(`deadline pass failed: ${(error as Error).stack ?? String(error)}`))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = this.clock.now().toISOString();
    for (const kind of KINDS) if (!this.stopped) await this.runDue(kind, now);
    // The reminders' cursor moves only over a whole pass: a stopped one reminds on the next start.
    if (!this.stopped) await this.remind(now);
  }

  private async runDue(kind: DueKind, now: string): Promise<void> {
    while (!this.stopped) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see DueKind
      const due = await this.readStore.find<any>(kind.collection, { filter: { [kind.field]: { $lte: now } }, sort: { [kind.field]: 1, _id: 1 }, limit: BATCH });
      if (!due.length) return;
      let appended = 0;
      await inParallel(due, 8, async (d) => {
        const [intent] = kind.intents([d]);
        const timer = `timer:${kind.name}:${kind.subjectOf(d)}:${d[kind.field]}`;
        appended += await this.executor.execute(intent!, { causationId: timer, correlationId: timer });
      });
      // A deadline whose decider declined (another deadline of it comes first) waits for the next pass.
      if (appended === 0 || due.length < BATCH) return;
    }
  }

  private async remind(now: string): Promise<void> {
    const since = (await this.checkpoints.get(REMINDER_CURSOR)) ?? now;
    if (since >= now) return this.checkpoints.set(REMINDER_CURSOR, now);
    // A day of reminders at a time: after a long downtime (months of them at once) one query and
    // one notification of them all held the event loop for seconds. Each window's reminders are
    // those of the whole pass that fall in it (the same `since` and `now`), so the union is the
    // same; a pass stopped half-way notifies its first windows again next time (the dispatcher
    // notifies a reminder id once), the cursor moving only over a whole pass.
    for (let from = since; from < now && !this.stopped;) {
      const to = windowEnd(from, now);
      const due: Reminder[] = [];
      for (const days of REMINDER_DAYS) {
        const field = reminderField(days);
        const docs = await this.readStore.find<AuthorizationDeadline>(DEADLINE_COLLECTIONS.authorizations.name, {
          filter: { [field]: { $gt: from, $lte: to } },
        });
        due.push(...remindersDue(docs, days, since, now));
      }
      if (due.length) await this.reminders.notify(due);
      else await yieldToEventLoop();
      from = to;
    }
    if (!this.stopped) await this.checkpoints.set(REMINDER_CURSOR, now);
  }

  /** Synchronously marks the process stopped (no new pass, no next batch), then waits for the batch under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
