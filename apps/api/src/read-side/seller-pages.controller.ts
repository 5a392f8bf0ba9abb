// The seller's pages: my service, its proposals, and what a partner's link offers it.
import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type Market, notFound, parseLinkCode } from '#libs/domain';
import { linkPage, myServicePage, proposalList, type ReadStore } from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CONFIG, marketSettingsOf, READ_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { MyServiceQueryDto, ProposalsQueryDto } from './query.dto.js';
import { MyServicePage, ProposalsPage } from '../openapi/answers.js';
import { ApiAuthenticated, ApiPage } from '../openapi/responses.js';
import { LinkPageView } from '../openapi/views.js';

@ApiTags('seller pages')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1')
@Roles('seller')
@UseInterceptors(MinPositionInterceptor)
export class SellerPagesController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('seller/services')
  @ApiPage(MyServicePage, { description: 'the my service page' })
  services(@Ctx() ctx: RequestContext, @Query() query: MyServiceQueryDto) {
    return myServicePage(this.store, ctx.principal.sub, ctx.principal.market as Market, query, ctx.now);
  }

  @Get('seller/proposals')
  @ApiPage(ProposalsPage, { description: 'the proposals addressed to this seller' })
  proposals(@Ctx() ctx: RequestContext, @Query() query: ProposalsQueryDto) {
    return proposalList(this.store, { sellerId: ctx.principal.sub }, query, ctx.now);
  }

  @Get('authorization-links/:linkCode')
  @ApiPage(LinkPageView, { problems: [404], description: "every service of the link's partner this seller may still authorize" })
  async link(@Ctx() ctx: RequestContext, @Param('linkCode') linkCode: string) {
    const serviceId = parseLinkCode(linkCode);
    const page =
      serviceId &&
      (await linkPage(this.store, serviceId, { sellerId: ctx.principal.sub, market: ctx.principal.market as Market }, marketSettingsOf(this.config), ctx.now));
    if (!page) throw notFound('LINK.NOT_FOUND', 'no such authorization link');
    return page;
  }
}
