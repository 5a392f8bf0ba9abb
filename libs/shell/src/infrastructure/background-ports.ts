// The ports every piece of background work reads (the cascade, the webhook dispatcher and its
// delivery worker): the log, its checkpoints, the clock, the settings, the gate it starts behind
// and how a failed start is retried. One injectable, so each worker names only what is its own.
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import type { CheckpointStore } from '#libs/operational';
import type { Clock, Config } from '#libs/platform';
import type { BackgroundGate } from './background-gate.js';
import type { RetryPolicy } from './background-retry.js';
import { BACKGROUND_GATE, BACKGROUND_RETRY, CHECKPOINT_STORE, CLOCK, CONFIG, EVENT_STORE } from './injection-keys.js';

@Injectable()
export class BackgroundPorts {
  constructor(
    @Inject(EVENT_STORE) readonly events: EventStore,
    @Inject(CHECKPOINT_STORE) readonly checkpoints: CheckpointStore,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(CONFIG) readonly config: Config,
    @Inject(BACKGROUND_GATE) readonly gate: BackgroundGate,
    @Optional() @Inject(BACKGROUND_RETRY) readonly retryPolicy?: RetryPolicy,
  ) {}
}
