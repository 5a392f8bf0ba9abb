// The pages, read from projections; on the embedded default the projections run in this process.
import { Inject, Module } from '@nestjs/common';
import { expiringAuthorizationIds, type ReadStore } from '#libs/read-models';
import { RENEWAL_SELECTION, type RenewalSelection } from './authorizations/renewal-selection.js';
import { MinPositionInterceptor } from './read-side/min-position.interceptor.js';
import { PartnerPagesController } from './read-side/partner-pages.controller.js';
import { InProcessProjector } from './read-side/projector.service.js';
import { READ_PROGRESS, READ_STORE } from './read-side/read-side.tokens.js';
import { SellerPagesController } from './read-side/seller-pages.controller.js';

class ReadModelRenewalSelection implements RenewalSelection {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}
  expiringWithin(partnerId: string, days: number, now: string): Promise<string[]> {
    return expiringAuthorizationIds(this.store, partnerId, days, now);
  }
}

@Module({
  controllers: [PartnerPagesController, SellerPagesController],
  providers: [
    InProcessProjector,
    { provide: READ_PROGRESS, useExisting: InProcessProjector },
    MinPositionInterceptor,
    { provide: RENEWAL_SELECTION, useClass: ReadModelRenewalSelection },
  ],
  exports: [READ_PROGRESS, RENEWAL_SELECTION, InProcessProjector],
})
export class ReadSideModule {}
