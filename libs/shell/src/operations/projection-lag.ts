// How far behind the log each projection is, for /health/ready and the lag gauges of /metrics:
// read from the read store's checkpoints (not this process's runner), so it also tells the truth
// about projections another process runs.
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '#libs/event-store';
import type { Clock } from '#libs/platform';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import { CLOCK, EVENT_STORE } from '../infrastructure/injection-keys.js';
import { READ_STORE } from '../read-side/read-side.keys.js';
import { Metrics } from './metrics.js';

export interface ProjectionProgress {
  projection: string;
  /** The last log position the projection has applied. */
  checkpoint: bigint;
  head: bigint;
  /** Events not applied yet: exact up to LAG_COUNT_CAP, which then means at least that many. */
  lagEvents: number;
  lagSeconds: number;
}

/**
 * On a store whose positions are byte offsets (EventStoreDB) the lag in events is counted by
 * reading them, up to this many per probe and checkpoint: a bounded cost, and past it the number
 * says "at least this many" (alert on the lag in seconds, which stays exact).
 */
export const LAG_COUNT_CAP = 1_000;

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
    metrics.measureLagWith(async () => (await this.measure()).map((p) => ({ projection: p.projection, events: p.lagEvents, seconds: p.lagSeconds })));
  }

  async measure(): Promise<ProjectionProgress[]> {
    const head = await this.events.headPosition();
    const now = this.clock.now().getTime();
    // Projections applied together share a checkpoint: read what is not applied yet once per checkpoint.
    const lags = new Map<bigint, Promise<{ events: number; seconds: number }>>();
    const lagAfter = (checkpoint: bigint) => {
      let lag = lags.get(checkpoint);
      if (!lag) {
        const gapFree = this.events.gapFreePositions === true;
        const limit = gapFree ? 1 : Number(head - checkpoint < BigInt(LAG_COUNT_CAP) ? head - checkpoint : BigInt(LAG_COUNT_CAP));
        lag = this.events.readAll({ fromPosition: checkpoint, limit }).then((after) => {
          const pending = after.filter((e) => e.position <= head);
          const events = gapFree ? Number(head - checkpoint) : pending.length;
          const seconds = pending.length ? Math.max(0, (now - Date.parse(pending[0]!.metadata.occurredAt)) / 1_000) : 0;
          return { events, seconds };
        });
        lags.set(checkpoint, lag);
      }
      return lag;
    };
    return Promise.all(
      PROJECTIONS.map(async ({ name }) => {
        const checkpoint = await this.readStore.checkpoint(name);
        const lag = head > checkpoint ? await lagAfter(checkpoint) : { events: 0, seconds: 0 };
        return { projection: name, checkpoint, head, lagEvents: lag.events, lagSeconds: lag.seconds };
      }),
    );
  }
}
