// The partner's pages: Seller management (JSON or CSV), its services, its proposals.
import { Controller, Get, Headers, Inject, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { partnerServices, proposalList, type ReadStore, sellerManagementPage, sellerManagementRows } from '#libs/read-models';
import type { Config } from '#libs/platform';
import { CONFIG, READ_STORE, Roles } from '#libs/shell';
import { Ctx, type RequestContext } from '../http/request-context.js';
import { linkBaseOf } from '../services/link-base.js';
import { csvStream } from './csv.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PartnerServicesQueryDto, ProposalsQueryDto, SellerManagementQueryDto } from './query.dto.js';
import { PartnerServicesPage, ProposalsPage, SellerManagementPageSchema } from '../openapi/answers.js';
import { ApiAuthenticated, ApiPage, ApiPageOrCsv } from '../openapi/responses.js';

@ApiTags('partner pages')
@ApiBearerAuth()
@ApiAuthenticated()
@Controller('v1/partner')
@Roles('partner')
@UseInterceptors(MinPositionInterceptor)
export class PartnerPagesController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('sellers')
  @ApiProduces('application/json', 'text/csv')
  @ApiPageOrCsv(SellerManagementPageSchema)
  async sellers(
    @Ctx() ctx: RequestContext,
    @Query() query: SellerManagementQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const partnerId = ctx.principal.sub;
    if (accept && /\btext\/csv\b/i.test(accept)) {
      const rows = sellerManagementRows(this.store, partnerId, query, ctx.now);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="sellers.csv"').send(csvStream(rows));
    }
    return reply.send(await sellerManagementPage(this.store, partnerId, query, ctx.now));
  }

  @Get('services')
  @ApiPage(PartnerServicesPage, { description: "the partner's services, each with its ACTIVE authorizations count" })
  services(@Ctx() ctx: RequestContext, @Query() query: PartnerServicesQueryDto) {
    return partnerServices(this.store, ctx.principal.sub, query, linkBaseOf(this.config), ctx.now);
  }

  @Get('proposals')
  @ApiPage(ProposalsPage, { description: "the partner's proposals" })
  proposals(@Ctx() ctx: RequestContext, @Query() query: ProposalsQueryDto) {
    return proposalList(this.store, { partnerId: ctx.principal.sub }, query, ctx.now);
  }
}
