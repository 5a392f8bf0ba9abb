// Operators rebuild read models from the log while the API serves: 202 with the replay's id, then
// its progress until it has SWITCHED (or FAILED, changing nothing).
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '#libs/domain';
import { Roles } from '#libs/shell';
import { ReplayService, type ReplayStatus } from '../read-side/replay.service.js';
import { ReplayStatusDto, StartReplayDto } from './replay.dto.js';
import { ApiAuthenticated, ApiProblems } from '../openapi/responses.js';

@ApiTags('admin')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/admin/read-models/replays')
@Roles('admin')
export class ReplaysController {
  constructor(private readonly replays: ReplayService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReplayStatusDto })
  @ApiProblems(400, 409, 413, 415, 422)
  async start(@Body() body: StartReplayDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReplayStatus> {
    const status = await this.replays.start(body.projection);
    void reply.header('Location', `/v1/admin/read-models/replays/${status.replayId}`);
    return status;
  }

  @Get(':replayId')
  @ApiOkResponse({ type: ReplayStatusDto })
  @ApiProblems(404)
  async get(@Param('replayId') replayId: string): Promise<ReplayStatus> {
    const status = await this.replays.status(replayId);
    if (!status) throw notFound('REPLAY.NOT_FOUND', 'no such replay');
    return status;
  }
}
