// Turns the log into notifications, from a durable checkpoint: each relevant event becomes one
// delivery per subscribed webhook, stored before the checkpoint moves past it (at least once:
// after a crash the same events give the same notification ids, which the store ignores). It
// also takes the deadline process's AUTHORIZATION_EXPIRING reminders.
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  bindingDecider,
  evolveWebhookRegistry,
  needsProposalServices,
  type Notice,
  type NoticeLookups,
  noticeOf,
  recipientsOf,
  type Reminder,
  reminderNotice,
  streams,
  WEBHOOK_REGISTRY_EVENT_TYPES,
  WEBHOOK_TYPE_OF_EVENT,
  type WebhookEvent,
  type WebhookRegistry,
} from '#libs/domain';
import { loadState, type StoredEvent, type Subscription } from '#libs/event-store';
import type { DeliveryStore, NewDelivery } from '#libs/operational';
import { keepTrying } from '../infrastructure/background-retry.js';
import type { ExpiringReminders } from '../processes/deadline.process.js';
import { DeliveryWorker, UNSUBSCRIBED } from './delivery-worker.js';
import { DELIVERY_STORE } from './webhooks.keys.js';
import { BackgroundPorts } from '../infrastructure/background-ports.js';

// A notice goes to each of its webhooks as one delivery, with the notification id (`msg_` + a
// hash of the source and the webhook) that stays the same on every retry and makes a second pass
// over the same events (after a crash) insert nothing new.
export const notificationId = (sourceId: string, webhookId: string) =>
  `msg_${createHash('sha256').update(`${sourceId}\n${webhookId}`).digest('base64url').slice(0, 32)}`;

/** The body every attempt sends, byte for byte: what the signature covers. */
export function notificationBody(id: string, notice: Notice): string {
  return JSON.stringify({ id, type: notice.type, occurredAt: notice.occurredAt, partnerId: notice.partnerId, data: notice.data });
}

export function deliveriesOf(notice: Notice, webhookIds: readonly string[], createdAt: string): NewDelivery[] {
  return webhookIds.map((webhookId) => {
    const deliveryId = notificationId(notice.sourceId, webhookId);
    return {
      deliveryId,
      webhookId,
      partnerId: notice.partnerId,
      eventId: notice.sourceId,
      eventType: notice.type,
      orderingKey: `${webhookId}/${notice.subjectId}`,
      payload: notificationBody(deliveryId, notice),
      createdAt,
    };
  });
}

const CHECKPOINT = 'webhooks:dispatcher';
const REGISTRY_TYPES = new Set<string>(WEBHOOK_REGISTRY_EVENT_TYPES);
const CHECKPOINT_EVERY_MS = 1_000;

@Injectable()
export class WebhookDispatcher implements ExpiringReminders, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private registry: WebhookRegistry = new Map();
  private subscription: Subscription | undefined;
  private handled = 0n;
  private checkpointed = 0n;
  private checkpointedAt = 0;
  private stopped = false;
  /** Aborted on shutdown: ends a back-off wait at once. */
  private readonly shutdown = new AbortController();
  private restarting: Promise<boolean> | undefined;
  /** Failures in a row of the running subscription: its restart backs off by them. */
  private failures = 0;
  private started: Promise<void> | undefined;
  private gateOpened = false;
  private shuttingDown = false;
  private markReady!: () => void;
  /** Resolves once the registry stands at the checkpoint: reminders wait for it. */
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    private readonly ports: BackgroundPorts,
    @Inject(DELIVERY_STORE) private readonly deliveries: DeliveryStore,
    private readonly worker: DeliveryWorker,
  ) {}

  /** Runs where the processes run (always on the embedded default); in the background, like them. */
  onApplicationBootstrap(): void {
    if (!this.ports.config.runProjector) return;
    this.started = this.ports.gate
      .open()
      .then(async () => {
        this.gateOpened = true;
        if (this.shuttingDown) return;
        if ((await this.startRetrying()) && !this.shuttingDown) this.worker.start();
      })
      .catch((error: unknown) => this.logger.error(`webhooks did not start: ${(error as Error).stack ?? String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.shutdown.abort();
    // A process still waiting for the gate started nothing: nothing to wait for.
    if (this.gateOpened) await this.started;
    await this.worker.stop();
    await this.stop();
  }

  get position(): bigint {
    return this.handled;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.handled = this.checkpointed = BigInt((await this.ports.checkpoints.get(CHECKPOINT)) ?? '0');
    this.registry = await this.registryUpTo(this.handled);
    this.markReady();
    if (this.stopped) return; // stopped while starting
    this.subscription = this.ports.events.subscribe({ fromPosition: this.handled, batchSize: 500, onEvents: (batch) => this.handle(batch) });
    this.subscription.done.catch((error: unknown) => {
      this.logger.error(`webhook dispatcher failed, resuming from its checkpoint: ${(error as Error).stack ?? String(error)}`);
      if (!this.stopped) void this.startRetrying(++this.failures);
    });
  }

  /** start() until it succeeds, with back-off (background-retry.ts); never rejects. */
  private startRetrying(failuresBefore = 0): Promise<boolean> {
    this.restarting ??= keepTrying(() => (this.shuttingDown ? Promise.resolve() : this.start()), {
      what: 'the webhook dispatcher',
      log: this.logger,
      signal: this.shutdown.signal,
      failuresBefore,
      ...(this.ports.retryPolicy && { policy: this.ports.retryPolicy }),
      ...(this.ports.gate.giveUp && { giveUp: (reason: string) => this.ports.gate.giveUp!(reason) }),
    }).finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** The webhooks subscribed as of the checkpoint. */
  private async registryUpTo(position: bigint): Promise<WebhookRegistry> {
    let registry: WebhookRegistry = new Map();
    for (let from = 0n; from < position;) {
      const page = await this.ports.events.readAll({ fromPosition: from, limit: 5_000, types: WEBHOOK_REGISTRY_EVENT_TYPES });
      const seen = page.filter((e) => e.position <= position);
      for (const e of seen) registry = evolveWebhookRegistry(registry, e as unknown as WebhookEvent);
      if (seen.length < 5_000) break;
      from = seen[seen.length - 1]!.position;
    }
    return registry;
  }

  private async handle(batch: StoredEvent[]): Promise<void> {
    let pending: NewDelivery[] = [];
    let changed = false;
    const now = this.ports.clock.now().toISOString();
    for (const event of batch) {
      if (REGISTRY_TYPES.has(event.type)) {
        this.registry = evolveWebhookRegistry(this.registry, event as unknown as WebhookEvent);
        if (event.type === 'WebhookUnsubscribed') {
          // What was stored for it so far goes first, then is cancelled with the rest.
          await this.deliveries.add(pending);
          pending = [];
          await this.deliveries.cancelPending((event.data as { webhookId: string }).webhookId, UNSUBSCRIBED);
        }
        changed = true;
        continue;
      }
      const type = WEBHOOK_TYPE_OF_EVENT[event.type];
      if (!type) continue;
      const to = recipientsOf(this.registry, { partnerId: (event.data as { partnerId: string }).partnerId, type });
      if (!to.length) continue;
      const lookups = needsProposalServices(event.type) ? await this.proposalLookups(event) : {};
      const notice = noticeOf({ eventId: event.eventId, type: event.type, data: event.data, occurredAt: event.metadata.occurredAt }, lookups);
      if (notice) pending.push(...deliveriesOf(notice, to, now));
    }
    const added = pending.length > 0 && (await this.deliveries.add(pending)) > 0;
    this.handled = batch[batch.length - 1]!.position;
    this.failures = 0;
    // Replaying events is harmless (the ids are stable), so a batch that stored nothing need not
    // cost an fsync'd checkpoint write each time: at most one a second for those.
    if (changed || added || Date.now() - this.checkpointedAt >= CHECKPOINT_EVERY_MS) await this.checkpoint();
    if (added) this.worker.kick();
  }

  private async checkpoint(): Promise<void> {
    if (this.handled === this.checkpointed) return;
    await this.ports.checkpoints.set(CHECKPOINT, String(this.handled));
    this.checkpointed = this.handled;
    this.checkpointedAt = Date.now();
  }

  /** A proposal's end events do not name its services: its stream does (they never change). */
  private async proposalLookups(event: StoredEvent): Promise<NoticeLookups> {
    const { proposalId, partnerId, sellerId } = event.data as { proposalId: string; partnerId: string; sellerId: string };
    const { state } = await loadState(this.ports.events, streams.binding(partnerId, sellerId), bindingDecider);
    return { proposalServiceIds: state.proposals[proposalId]?.services.map((s) => s.serviceId) ?? [] };
  }

  /** Each reminder once per webhook: its id is stable, so a reminder handed over twice is stored once. */
  async notify(reminders: readonly Reminder[]): Promise<void> {
    await this.ready;
    const now = this.ports.clock.now().toISOString();
    const rows = reminders.flatMap((reminder) => {
      const notice = reminderNotice(reminder);
      return deliveriesOf(notice, recipientsOf(this.registry, notice), now);
    });
    if ((await this.deliveries.add(rows)) > 0) this.worker.kick();
  }

  /** Waits until the dispatcher has handled the log as it stands now (tests). */
  async settle(): Promise<void> {
    await this.ready;
    const head = await this.ports.events.headPosition();
    while (this.handled < head) await new Promise((r) => setTimeout(r, 2));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close();
    await this.checkpoint().catch(() => undefined);
  }
}
