// Liveness and readiness: ready once the read models have caught up with the log as it stood at
// start.
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '#libs/event-store';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../infrastructure/tokens.js';
import { READ_PROGRESS, type ReadProgress } from './read-side.tokens.js';

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @Inject(READ_PROGRESS) private readonly progress: ReadProgress,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() reply: FastifyReply) {
    const head = await this.events.headPosition();
    const applied = this.progress.position();
    const ready = this.progress.caughtUp();
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'catching-up', head: String(head), applied: String(applied), lag: String(head - applied) });
  }
}
