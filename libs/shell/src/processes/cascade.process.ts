// Drives the cascade process from the log, from a durable checkpoint: a crash in the middle of a
// cascade runs the same events again at restart, where deciders skip what was already done.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { authorizationStatusFilter, type AuthorizationDocument, and, type ReadStore, type ServiceDocument } from '#libs/read-models';
import {
  CASCADE_EVENT_TYPES,
  CASCADE_STATE_EVENT_TYPES,
  type CascadeLookups,
  type CascadeState,
  cascadeLookupsFor,
  evolveCascade,
  initialCascadeState,
  reactCascade,
} from '#libs/domain';
import type { StoredEvent, Subscription } from '#libs/event-store';
import { keepTrying } from '../infrastructure/background-retry.js';
import { READ_PROGRESS, READ_STORE, type ReadProgress } from '../read-side/read-side.keys.js';
import { IntentExecutor, inParallel } from './intent-executor.js';
import { BackgroundPorts } from '../infrastructure/background-ports.js';

const CHECKPOINT = 'process:cascade';
const RELEVANT = new Set<string>(CASCADE_EVENT_TYPES);
const CHECKPOINT_EVERY_MS = 1_000;

@Injectable()
export class CascadeProcess {
  private readonly logger = new Logger('CascadeProcess');
  private state: CascadeState = initialCascadeState();
  private subscription: Subscription | undefined;
  private handled = 0n;
  private stopped = false;
  /** Aborted by stop(): ends a back-off wait at once. */
  private shutdown = new AbortController();
  private restarting: Promise<boolean> | undefined;
  /** Failures in a row of the running subscription: its restart backs off by them. */
  private failures = 0;
  private checkpointedAt = 0;

  constructor(
    private readonly ports: BackgroundPorts,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(READ_PROGRESS) private readonly progress: ReadProgress,
    private readonly executor: IntentExecutor,
  ) {}

  get position(): bigint {
    return this.handled;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.handled = BigInt((await this.ports.checkpoints.get(CHECKPOINT)) ?? '0');
    this.state = await this.stateUpTo(this.handled);
    this.subscribe();
  }

  /** What the process had seen of the log at its checkpoint: bans and deactivated services. */
  private async stateUpTo(position: bigint): Promise<CascadeState> {
    let state = initialCascadeState();
    for (let from = 0n; from < position;) {
      const page = await this.ports.events.readAll({ fromPosition: from, limit: 5_000, types: CASCADE_STATE_EVENT_TYPES });
      const seen = page.filter((e) => e.position <= position);
      for (const e of seen) state = evolveCascade(state, e);
      if (seen.length < 5_000) break;
      from = seen[seen.length - 1]!.position;
    }
    return state;
  }

  private subscribe(): void {
    if (this.stopped) return; // stopped while starting
    this.subscription = this.ports.events.subscribe({ fromPosition: this.handled, batchSize: 500, onEvents: (batch) => this.handle(batch) });
    this.subscription.done.catch((error: unknown) => {
      this.logger.error(`cascade failed, resuming from its checkpoint: ${(error as Error).stack ?? String(error)}`);
      if (!this.stopped) void this.startRetrying(++this.failures);
    });
  }

  /** start() until it succeeds, with back-off (background-retry.ts); false when stopped or given up. Never rejects. */
  startRetrying(failuresBefore = 0): Promise<boolean> {
    if (this.shutdown.signal.aborted) this.shutdown = new AbortController();
    const { signal } = this.shutdown;
    this.restarting ??= keepTrying(() => (signal.aborted ? Promise.resolve() : this.start()), {
      what: 'the cascade process',
      log: this.logger,
      signal,
      failuresBefore,
      ...(this.ports.retryPolicy && { policy: this.ports.retryPolicy }),
      ...(this.ports.gate.giveUp && { giveUp: (reason: string) => this.ports.gate.giveUp!(reason) }),
    }).finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private async handle(batch: StoredEvent[]): Promise<void> {
    let acted = false;
    for (const event of batch) {
      if (!RELEVANT.has(event.type)) continue;
      this.state = evolveCascade(this.state, event);
      const lookups = await this.lookups(event);
      const intents = reactCascade(this.state, event, lookups);
      const cause = { causationId: event.eventId, correlationId: event.metadata.correlationId };
      if (intents.length) acted = true;
      await inParallel(intents, 8, (intent) => this.executor.execute(intent, cause));
    }
    const last = batch[batch.length - 1]!.position;
    // Each checkpoint is a durable write on the log's file: after a batch that did nothing, it
    // waits a second (a crash then re-reads a second of events, and finds nothing to do again).
    if (acted || Date.now() - this.checkpointedAt >= CHECKPOINT_EVERY_MS) {
      await this.ports.checkpoints.set(CHECKPOINT, String(last));
      this.checkpointedAt = Date.now();
    }
    this.handled = last;
    this.failures = 0;
  }

  /** Ids of what is still ACTIVE, from read models that have applied at least this event. */
  private async lookups(event: StoredEvent): Promise<CascadeLookups> {
    const needs = cascadeLookupsFor(event);
    if (!needs.length) return {};
    await this.progress.waitFor(event.position, 60_000);
    const now = this.ports.clock.now().toISOString();
    const data = event.data as { serviceId?: string; partnerId?: string; sellerId?: string };
    const active = async (tenant: Record<string, string>) =>
      (await this.readStore.find<AuthorizationDocument>('authorizations', { filter: and(tenant, authorizationStatusFilter('ACTIVE', now)) })).map(
        (a) => a.authorizationId,
      );
    const lookups: CascadeLookups = {};
    for (const need of needs) {
      if (need === 'authorizationsOfService') lookups.activeAuthorizationIds = await active({ serviceId: data.serviceId! });
      if (need === 'authorizationsOfPartner') lookups.activeAuthorizationIds = await active({ partnerId: data.partnerId! });
      if (need === 'authorizationsOfSeller') lookups.activeAuthorizationIds = await active({ sellerId: data.sellerId! });
      if (need === 'servicesOfPartner')
        lookups.activeServiceIds = (await this.readStore.find<ServiceDocument>('services', { filter: { partnerId: data.partnerId!, status: 'ACTIVE' } })).map(
          (s) => s.serviceId,
        );
    }
    return lookups;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.shutdown.abort();
    await this.subscription?.close();
    if (this.handled > 0n) await this.ports.checkpoints.set(CHECKPOINT, String(this.handled)); // flushed on a graceful stop
  }
}
