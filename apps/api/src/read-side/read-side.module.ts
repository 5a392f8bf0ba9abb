// The pages, read from projections (which run in this process on the embedded default).
import { Module } from '@nestjs/common';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PartnerPagesController } from './partner-pages.controller.js';
import { ProjectionsModule } from '#libs/shell';
import { SellerPagesController } from './seller-pages.controller.js';

@Module({
  imports: [ProjectionsModule],
  controllers: [PartnerPagesController, SellerPagesController],
  providers: [MinPositionInterceptor],
  exports: [ProjectionsModule, MinPositionInterceptor],
})
export class ReadSideModule {}
