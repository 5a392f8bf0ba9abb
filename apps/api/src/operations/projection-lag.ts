// How far behind the log each projection is, for /health/ready and the lag gauges of /metrics:
// read from the read store's checkpoints (not this process's runner), so it also tells the truth
// about projections another process runs.
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import type { Clock } from '#libs/platform';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import { CLOCK, EVENT_STORE } from '../infrastructure/tokens.js';
import { READ_STORE } from '../read-side/read-side.tokens.js';
import { Metrics } from './metrics.js';

export interface ProjectionProgress {
  projection: string;
  /** The last log position the projection has applied. */
  checkpoint: bigint;
  head: bigint;
  lagEvents: number;
  lagSeconds: number;
}

/** A store that does not answer within `ms` is as good as down: probes must answer quickly. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class ProjectionLagProbe {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
    metrics: Metrics,
  ) {
    metrics.measureLagWith(async () =>
      (await this.measure()).map((p) => ({ projection: p.projection, events: p.lagEvents, seconds: p.lagSeconds })),
    );
  }

  async measure(): Promise<ProjectionProgress[]> {
    const head = await this.events.headPosition();
    const now = this.clock.now().getTime();
    // Projections applied together share a checkpoint: read the oldest unapplied event once per checkpoint.
    const ages = new Map<bigint, Promise<number>>();
    const ageAfter = (checkpoint: bigint) => {
      let age = ages.get(checkpoint);
      if (!age) {
        age = this.events.readAll({ fromPosition: checkpoint, limit: 1 }).then(([next]) =>
          next ? Math.max(0, (now - Date.parse(next.metadata.occurredAt)) / 1_000) : 0,
        );
        ages.set(checkpoint, age);
      }
      return age;
    };
    return Promise.all(
      PROJECTIONS.map(async ({ name }) => {
        const checkpoint = await this.readStore.checkpoint(name);
        const behind = head > checkpoint ? head - checkpoint : 0n;
        return { projection: name, checkpoint, head, lagEvents: Number(behind), lagSeconds: behind > 0n ? await ageAfter(checkpoint) : 0 };
      }),
    );
  }
}
