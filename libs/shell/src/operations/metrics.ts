// Prometheus metrics of this process, served at /metrics. One registry per application rather than
// prom-client's global one: tests run several applications in one process, and a metric can be
// registered only once per registry.
import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What became of a command: events appended, nothing to do, refused by a rule, lost to concurrent writers, or failed. */
export type CommandOutcome = 'appended' | 'unchanged' | 'refused' | 'conflict' | 'error';
/** What became of a delivery attempt: delivered, to be retried, or given up after 3 days. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'failed';

export interface ProjectionLag {
  projection: string;
  /** The log's head minus the projection's checkpoint. */
  events: number;
  /** How old the oldest event the projection has not applied is; 0 when it has applied everything. */
  seconds: number;
}

// Commands run in about a millisecond on the embedded default and in tens on remote stores.
const COMMAND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** The route label of requests that matched no route: their paths would make a label per URL. */
export const UNMATCHED_ROUTE = 'unmatched';

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private lagSource: (() => Promise<ProjectionLag[]>) | undefined;

  private readonly commandDuration = new Histogram({
    name: 'tsp_command_duration_seconds',
    help: 'Time to run a command (read the stream, decide, append, and on the embedded default wait for the read models), by command type and outcome',
    labelNames: ['command', 'outcome'] as const,
    buckets: COMMAND_BUCKETS,
    registers: [this.registry],
  });

  private readonly eventsAppended = new Counter({
    name: 'tsp_events_appended_total',
    help: 'Events appended to the log by commands of this process, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  private readonly lagEvents = new Gauge({
    name: 'tsp_projection_lag_events',
    help: 'Events in the log that the projection has not applied yet (head - checkpoint), measured at scrape',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly lagSeconds = new Gauge({
    name: 'tsp_projection_lag_seconds',
    help: 'Age of the oldest event the projection has not applied yet (0 when caught up), measured at scrape',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly webhookDeliveries = new Counter({
    name: 'tsp_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), failed (given up)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly httpRequests = new Counter({
    name: 'tsp_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'tsp_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  commandRan(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commandDuration.observe({ command, outcome }, seconds);
  }

  appended(events: readonly { type: string }[]): void {
    for (const event of events) this.eventsAppended.inc({ type: event.type });
  }

  delivered(outcome: DeliveryOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }

  answered(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** Where the projections' lag is read from at each scrape (the operations module sets it). */
  measureLagWith(source: () => Promise<ProjectionLag[]>): void {
    this.lagSource = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text of every metric, with the lag measured now. */
  async scrape(): Promise<string> {
    if (this.lagSource) {
      const lags = await this.lagSource().catch(() => [] as ProjectionLag[]);
      for (const lag of lags) {
        this.lagEvents.set({ projection: lag.projection }, lag.events);
        this.lagSeconds.set({ projection: lag.projection }, lag.seconds);
      }
    }
    return this.registry.metrics();
  }
}

/** Counts every answer by its route's template (`/v1/services/:serviceId`), never its URL. */
export function recordHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.answered(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1_000);
    done();
  });
}
