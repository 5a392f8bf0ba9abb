// The audit routes of API.md. They read the event store itself, never a read model, so they are
// never stale, and the state at a past instant is folded by the very evolve every decision uses.
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  authorizationView,
  type AuthorizationView,
  type BindingEvent,
  bindingDecider,
  canSee,
  findAuthorization,
  notFound,
  parseAuthorizationId,
  streams,
} from '#libs/domain';
import { type EventStore, InvalidPositionError, type StoredEvent } from '#libs/event-store';
import { badRequest, EVENT_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { type AuditEvent, concerns, toAuditEvent } from './audit-event.js';
import { AsOfQueryDto, AuditEventsPageDto, AuditEventsQueryDto, AuthorizationHistoryDto } from './audit.dto.js';
import { ApiAuthenticated, ApiProblems } from '../openapi/responses.js';
import { AuthorizationViewSchema } from '../openapi/views.js';

const DEFAULT_LIMIT = 100;

@ApiTags('audit')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/audit')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @Roles('auditor', 'admin')
  @ApiOkResponse({ type: AuditEventsPageDto })
  @ApiProblems(400)
  async events(@Query() query: AuditEventsQueryDto): Promise<{ events: AuditEvent[]; nextPosition: string | null }> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    // One more than asked: whether a next page exists is known now, so the last page says null.
    const read = await this.store
      .readAll({
        fromPosition: BigInt(query.fromPosition ?? '0'),
        limit: limit + 1,
        ...(query.type && { types: [...new Set(query.type)] }),
      })
      .catch((error: unknown) => {
        // EventStoreDB reads only from an event's position: a made-up one is the caller's mistake.
        if (error instanceof InvalidPositionError) throw badRequest(error.message, [{ field: 'fromPosition', message: error.message }]);
        throw error;
      });
    const events = read.slice(0, limit).map(toAuditEvent);
    return { events, nextPosition: read.length > limit ? events[events.length - 1]!.position : null };
  }

  @Get('authorizations/:authorizationId/history')
  @Roles('auditor', 'admin', 'partner', 'seller')
  @ApiOkResponse({ type: AuthorizationHistoryDto })
  @ApiProblems(404)
  async history(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string): Promise<{ authorizationId: string; events: AuditEvent[] }> {
    const events = (await this.streamOf(ctx, id)).filter((e) => concerns(e, id));
    if (events.length === 0) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
    return { authorizationId: id, events: events.map(toAuditEvent) };
  }

  @Get('authorizations/:authorizationId/state')
  @Roles('auditor', 'admin', 'partner', 'seller')
  @ApiOkResponse({ type: AuthorizationViewSchema, description: 'the AuthorizationView as it stood at asOf' })
  @ApiProblems(400, 404)
  async state(@Ctx() ctx: RequestContext, @Param('authorizationId') id: string, @Query() query: AsOfQueryDto): Promise<AuthorizationView> {
    const asOf = new Date(query.asOf).toISOString();
    let state = bindingDecider.initialState();
    // A state is a prefix of its stream: the stream's order is the truth, and it is also the order of occurredAt.
    for (const event of await this.streamOf(ctx, id)) {
      if (event.metadata.occurredAt > asOf) break;
      state = bindingDecider.evolve(state, event as unknown as BindingEvent);
    }
    const authorization = findAuthorization(state, id);
    if (!authorization) throw notFound('AUTHORIZATION.NOT_FOUND', `no such authorization as of ${asOf}`);
    return authorizationView(authorization, asOf);
  }

  /** The binding stream an authorization id leads to, if the caller may see that authorization (404 otherwise, as API.md says). */
  private async streamOf(ctx: RequestContext, authorizationId: string): Promise<StoredEvent[]> {
    const key = parseAuthorizationId(authorizationId);
    if (!key || !canSee(ctx.principal, key)) throw notFound('AUTHORIZATION.NOT_FOUND', 'no such authorization');
    return this.store.readStream(streams.binding(key.partnerId, key.sellerId));
  }
}
