// The pages, read from projections (which run in this process on the embedded default).
import { Inject, Module } from '@nestjs/common';
import { expiringAuthorizationIds, type ReadStore } from '#libs/read-models';
import { RENEWAL_SELECTION, type RenewalSelection } from '../authorizations/renewal-selection.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PartnerPagesController } from './partner-pages.controller.js';
import { ProjectionsModule, READ_STORE } from '#libs/shell';
import { SellerPagesController } from './seller-pages.controller.js';

class ReadModelRenewalSelection implements RenewalSelection {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}
  expiringWithin(partnerId: string, days: number, now: string): Promise<string[]> {
    return expiringAuthorizationIds(this.store, partnerId, days, now);
  }
}

@Module({
  imports: [ProjectionsModule],
  controllers: [PartnerPagesController, SellerPagesController],
  providers: [MinPositionInterceptor, { provide: RENEWAL_SELECTION, useClass: ReadModelRenewalSelection }],
  exports: [ProjectionsModule, RENEWAL_SELECTION, MinPositionInterceptor],
})
export class ReadSideModule {}
