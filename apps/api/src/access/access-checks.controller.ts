// May this partner do this on this seller now? Read from the event store (on the embedded default
// through its exact cache of stream states): never stale.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { type AccessCheck, bindingDecider, checkAccess, entryOf, forbidden, type Permission, PERMISSIONS, streams } from '#libs/domain';
import type { StreamStates } from '#libs/event-store';
import { Facts, Roles, STREAM_STATES } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { IsPrincipalId } from '../shared/validators.js';
import { ApiAuthenticated, ApiRead } from '../openapi/responses.js';
import { AccessCheckView } from '../openapi/views.js';

export class AccessCheckQuery {
  @IsPrincipalId('the partner that wants to act')
  partnerId!: string;

  @IsPrincipalId('the seller it wants to act on')
  sellerId!: string;

  @ApiProperty({ enum: PERMISSIONS })
  @IsIn(PERMISSIONS)
  permission!: Permission;
}

@ApiTags('access checks')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/access-checks')
export class AccessChecksController {
  constructor(
    @Inject(STREAM_STATES) private readonly states: StreamStates,
    private readonly facts: Facts,
  ) {}

  @Get()
  @ApiRead(AccessCheckView, { problems: [400], description: 'read from the event store: a cancel is denied from the next call on' })
  @Roles('partner', 'seller', 'admin')
  async check(@Ctx() ctx: RequestContext, @Query() query: AccessCheckQuery): Promise<AccessCheck> {
    const { principal } = ctx;
    if ((principal.role === 'partner' && principal.sub !== query.partnerId) || (principal.role === 'seller' && principal.sub !== query.sellerId))
      throw forbidden('ACCESS_CHECK.NOT_YOURS', 'a partner or a seller checks its own access only');
    // One view for the check: the log's head is compared once, at its first read.
    const states = this.states.view();
    const [{ state: binding }, bans] = await Promise.all([
      states.read(streams.binding(query.partnerId, query.sellerId), bindingDecider),
      this.facts.bans(query.partnerId, query.sellerId, states),
    ]);
    const services = await this.facts.services(Object.keys(binding.authorizations), states);
    return checkAccess({ binding, permission: query.permission, now: ctx.now, bans, serviceStatus: (id) => entryOf(services, id)?.status });
  }
}
