// GET /v1/changes (API.md): the events the caller may see, as Server-Sent Events, resumable with
// Last-Event-ID or ?after=. The token comes in the Authorization header as on every route (the
// console reads the stream with fetch); a token in the URL would end up in access logs.
import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventStore } from '#libs/event-store';
import { badRequest, EVENT_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { ApiAuthenticated, ApiProblems, Problem } from '../openapi/responses.js';
import { ChangeFeed } from './change-feed.js';
import { ChangesQueryDto, POSITION_PATTERN } from './changes.dto.js';

/** EventStoreDB's commit positions are unsigned 64-bit numbers: nothing in a log goes beyond. */
const MAX_POSITION = 2n ** 64n - 1n;

const STREAM_DESCRIPTION = [
  'Server-Sent Events, one per event the caller may see, in log order: `id: <position>`, `event: <event type>`,',
  '`data: {"position","type","ids":{serviceId?,partnerId?,sellerId?,authorizationId?,proposalId?}}` (ids only: read the view you need).',
  'A partner sees the events of its own services, authorizations, proposals and webhooks; a seller those of its own authorizations',
  'and of the proposals addressed to it; auditor and admin all. A comment line (`: keep-alive`) comes every 15 s (CHANGES_KEEP_ALIVE_MS).',
  'The stream ends when the instance shuts down and when the token expires: reconnect (with a fresh token) and Last-Event-ID.',
].join(' ');

const problemAnswer = (status: number, description: string) => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(Problem) } } },
  headers: { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } } },
});

/** The `exp` of the bearer token the guard has just verified (so its payload can be read as is). */
function expiryOf(authorization: string | undefined): number | undefined {
  const payload = authorization?.trim().split(' ')[1]?.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

@ApiTags('changes')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/changes')
export class ChangesController {
  constructor(
    private readonly feed: ChangeFeed,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Roles('partner', 'seller', 'auditor', 'admin')
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'exclusive: resume after this position (the id of the last event received)',
    schema: { type: 'string', pattern: '^\\d{1,20}$' },
  })
  @ApiOkResponse({
    description: STREAM_DESCRIPTION,
    content: {
      'text/event-stream': {
        schema: {
          type: 'string',
          example:
            'id: 42\nevent: AuthorizationGranted\ndata: {"position":"42","type":"AuthorizationGranted","ids":{"partnerId":"partner-1","sellerId":"shop-1","serviceId":"svc_1","authorizationId":"au_…"}}\n\n',
        },
      },
    },
  })
  @ApiProblems(400)
  @ApiResponse(problemAnswer(429, 'too many requests from one principal, or more change streams open at once than CHANGES_STREAMS_PER_PRINCIPAL; Retry-After'))
  @ApiResponse(problemAnswer(503, 'this instance is shutting down: reconnect (another instance answers) after Retry-After'))
  async changes(
    @Ctx() ctx: RequestContext,
    @Query() query: ChangesQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const after = await this.resumePosition(lastEventId, query.after);
    void reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-cache, no-transform')
      // nginx buffers answers unless told not to: events would arrive in bursts.
      .header('x-accel-buffering', 'no');
    // Fastify answers HEAD with this GET handler: headers only, and no stream left open behind them.
    if (request.method === 'HEAD') return reply.send();
    const stream = await this.feed.open(ctx.principal, after, expiryOf(authorization));
    return reply.send(stream.body);
  }

  /** Last-Event-ID (what an EventSource sends on reconnect) wins over ?after= (what it was first opened with). */
  private async resumePosition(header: string | undefined, after: string | undefined): Promise<bigint | undefined> {
    const [field, raw] = header !== undefined ? ['Last-Event-ID', header.trim()] : ['after', after];
    if (raw === undefined) return undefined;
    if (!POSITION_PATTERN.test(raw))
      throw badRequest(`${field} must be a position as a decimal string`, [{ field, message: 'expected the id of an event, such as 42' }]);
    const position = BigInt(raw);
    if (position > MAX_POSITION) throw badRequest(`${field} is not a position of the log`, [{ field, message: 'beyond any position' }]);
    const head = await this.store.headPosition();
    if (position > head)
      throw badRequest(`${field} ${raw} is beyond the log's last position (${head}): start again without it`, [{ field, message: `at most ${head}` }]);
    return position;
  }
}
