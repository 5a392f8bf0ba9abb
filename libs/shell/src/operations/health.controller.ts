// Liveness and readiness with @nestjs/terminus. Ready (200) only when the event store and the read
// store answer within PROBE_TIMEOUT_MS and the read models have caught up with the log as it stood
// at start; the body reports each projection's lag in events and seconds either way.
import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, type HealthCheckResult, HealthCheckService, type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '#libs/event-store';
import { PROJECTIONS, type ReadStore } from '#libs/read-models';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../infrastructure/injection-keys.js';
import { READ_PROGRESS, READ_STORE, type ReadProgress } from '../read-side/read-side.keys.js';
import { type ProjectionProgress, ProjectionLagProbe, within } from './projection-lag.js';

export const PROBE_TIMEOUT_MS = 2_000;

const indicator = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down', 'degraded'] } },
  additionalProperties: true,
};
const indicators = { type: 'object', additionalProperties: indicator };
const healthSchema = (statuses: string[], ready: boolean) => ({
  type: 'object',
  required: ['status', 'info', 'error', 'details'],
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: statuses },
    info: indicators,
    error: indicators,
    details: { ...indicators, description: ready ? 'eventStore, readStore, and projection:<name> with checkpoint, lagEvents and lagSeconds' : 'none' },
    ...(ready && { head: { type: 'string', pattern: '^\\d+$', description: "the log's last position (also details.eventStore.headPosition)" } }),
  },
});

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly lag: ProjectionLagProbe,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(READ_PROGRESS) private readonly progress: ReadProgress,
  ) {}

  /** The process answers: nothing else is looked at, so a slow store never gets it restarted. */
  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'liveness: the process answers' })
  @ApiResponse({ status: 200, description: 'alive', schema: healthSchema(['ok'], false) })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'readiness: the stores answer and the read models have caught up since start' })
  @ApiResponse({ status: 200, description: 'ready', schema: healthSchema(['ok'], true) })
  @ApiResponse({
    status: 503,
    description: 'a store does not answer, or the read models are catching up',
    schema: healthSchema(['error', 'shutting_down'], true),
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult & { head?: string }> {
    const measured = within(this.lag.measure(), PROBE_TIMEOUT_MS, 'the projections lag');
    measured.catch(() => undefined);
    const checks = [
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => ({ headPosition: String(await this.events.headPosition()) }))
          .withTimeout(PROBE_TIMEOUT_MS),
      () =>
        this.indicators
          .check('readStore')
          .attempt(async () => void (await this.readStore.checkpoint(PROJECTIONS[0]!.name)))
          .withTimeout(PROBE_TIMEOUT_MS),
      ...PROJECTIONS.map(
        ({ name }) =>
          () =>
            this.projection(name, measured),
      ),
    ];
    let result: HealthCheckResult;
    try {
      result = await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      result = error.getResponse() as HealthCheckResult;
    }
    const head = result.details.eventStore?.headPosition;
    return typeof head === 'string' ? { ...result, head } : result;
  }

  /** A projection is ready once the read models have caught up at start; its lag is reported always. */
  private async projection(name: string, measured: Promise<ProjectionProgress[]>): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(`projection:${name}`);
    let progress: ProjectionProgress | undefined;
    try {
      progress = (await measured).find((p) => p.projection === name);
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
    const data = {
      checkpoint: String(progress?.checkpoint ?? 0n),
      lagEvents: progress?.lagEvents ?? 0,
      lagSeconds: progress?.lagSeconds ?? 0,
    };
    return this.progress.caughtUp() ? session.up(data) : session.down({ ...data, message: 'catching up with the log as it stood at start' });
  }
}
