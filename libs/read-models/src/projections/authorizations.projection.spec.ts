// The authorizations read model behind both pages, given events, then the document it holds.
import { describe, it } from '@jest/globals';
import type { AuthorizationState } from '#libs/domain';
import { partner, seller } from '../../../domain/src/testing/actors.js';
import {
  cancellationRejected,
  cancellationRequested,
  cancelled,
  expired,
  granted,
  idOf,
  removed,
  renewed,
} from '../../../domain/src/testing/authorization-events.js';
import { SHOP_SCOPES } from '../../../domain/src/testing/market.js';
import { ADS } from '../../../domain/src/testing/services.js';
import { T0, plusDays, plusHours } from '../../../domain/src/testing/time.js';
import { givenProjection } from '../testing/given.js';
import { authorizationsProjection } from './authorizations.projection.js';

const given = givenProjection(authorizationsProjection);
const id = idOf();
const base = {
  authorizationId: id,
  partnerId: partner.sub,
  sellerId: seller.sub,
  serviceId: ADS,
  serviceName: 'Ads optimisation',
  market: 'US_L2L',
  scopes: SHOP_SCOPES,
  validityDays: 30,
  autoRenew: false,
  grantedAt: T0,
  expiresAt: plusDays(T0, 30),
} as const;

/** The document after `revision` events, the last of them at `at`. */
const documentAt = (revision: number, at: string, fields: Partial<AuthorizationState>) =>
  ({ ...base, ...fields, updatedAt: at, revision }) as AuthorizationState;

describe('authorizations projection', () => {
  it('a grant shows the authorization ACTIVE at revision 1', () => given(granted()).then({ [id]: documentAt(1, T0, { status: 'ACTIVE' }) }));

  it('a renewal request is shown to the seller until it renews', () => {
    const asked = plusDays(T0, 20);
    given(granted(), {
      type: 'AuthorizationRenewalRequested',
      data: { authorizationId: id, partnerId: partner.sub, sellerId: seller.sub, serviceId: ADS, requestedAt: asked },
    }).thenDocument(id, documentAt(2, asked, { status: 'ACTIVE', renewalRequestedAt: asked }));
  });

  it('renewing answers the renewal request and moves expiresAt', () => {
    const at = plusDays(T0, 25);
    given(
      granted(),
      {
        type: 'AuthorizationRenewalRequested',
        data: { authorizationId: id, partnerId: partner.sub, sellerId: seller.sub, serviceId: ADS, requestedAt: plusDays(T0, 20) },
      },
      renewed(at, plusDays(at, 30)),
    ).thenDocument(id, documentAt(3, at, { status: 'ACTIVE', renewedAt: at, expiresAt: plusDays(at, 30) }));
  });

  it('the seller cancels: CANCELLED with when and why', () => {
    const at = plusDays(T0, 3);
    given(granted(), cancelled(at)).thenDocument(id, documentAt(2, at, { status: 'CANCELLED', endedAt: at, endReason: 'SELLER_CANCELLED' }));
  });

  it('a pending cancellation request is shown with its due time, and gone once rejected', () => {
    const asked = plusDays(T0, 1);
    given(granted(), cancellationRequested(asked)).thenDocument(
      id,
      documentAt(2, asked, { status: 'ACTIVE', cancellationRequest: { requestedAt: asked, reason: 'we are closing the agency', dueAt: plusHours(asked, 72) } }),
    );
    const rejected = plusDays(T0, 2);
    given(granted(), cancellationRequested(asked), cancellationRejected(rejected)).thenDocument(
      id,
      documentAt(3, rejected, { status: 'ACTIVE', cancellationRejectedAt: rejected }),
    );
  });

  it('an expired authorization that the seller removes keeps its history, marked removed', () => {
    const end = plusDays(T0, 30);
    const gone = plusDays(T0, 31);
    given(granted(), expired(end), removed(gone)).thenDocument(
      id,
      documentAt(3, gone, { status: 'EXPIRED', endedAt: end, endReason: 'EXPIRED', removedAt: gone }),
    );
  });

  it('granting again in place starts a new period on the same document', () => {
    const again = plusDays(T0, 40);
    given(granted(), cancelled(plusDays(T0, 3)), granted({ grantedAt: again })).thenDocument(
      id,
      documentAt(3, again, { grantedAt: again, expiresAt: plusDays(again, 30), status: 'ACTIVE' }),
    );
  });

  it('two services of one grant are two documents', () => {
    const other = 'svc-reports';
    given(granted(), granted({ serviceId: other })).then({
      [id]: documentAt(1, T0, { status: 'ACTIVE' }),
      [idOf(other)]: documentAt(1, T0, { authorizationId: idOf(other), serviceId: other, status: 'ACTIVE' }),
    });
  });

  it('events of other read models leave it untouched', () =>
    given({ type: 'ServiceDeactivated', data: { serviceId: ADS, partnerId: partner.sub, deactivatedAt: T0 } }).thenNothing());
});
