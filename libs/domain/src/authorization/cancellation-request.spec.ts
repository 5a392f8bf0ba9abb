// The partner asks the seller to end an ACTIVE authorization: the seller approves or rejects;
// unanswered for 72 hours it is cancelled; after a rejection the partner waits 144 hours.
import { describe, expect, it } from '@jest/globals';
import { bindingDecider } from '../binding/binding.js';
import { givenFor } from '../testing/given.js';
import { admin, partner, seller, system } from '../testing/actors.js';
import { onAuthorization } from '../testing/authorization-commands.js';
import { cancellationRejected, cancellationRequested, cancelled, expired, granted, refOf } from '../testing/authorization-events.js';
import { ADS } from '../testing/services.js';
import { T0, plusDays, plusHours, plusMs } from '../testing/time.js';

const given = givenFor(bindingDecider);
const ASKED = plusDays(T0, 1);
const DUE = plusHours(ASKED, 72);

const ask = (now = ASKED, note?: string) => ({
  type: 'RequestAuthorizationCancellation' as const,
  ...onAuthorization(partner, now),
  reason: 'we are closing the agency',
  ...(note !== undefined && { note }),
});
const approve = (now = plusHours(ASKED, 1)) => ({ type: 'ApproveAuthorizationCancellation' as const, ...onAuthorization(seller, now) });
const reject = (now = plusHours(ASKED, 1), reason?: string) => ({
  type: 'RejectAuthorizationCancellation' as const,
  ...onAuthorization(seller, now),
  ...(reason !== undefined && { reason }),
});
const timeOut = (now: string, actor = system('cancellation-timeout')) => ({
  type: 'TimeOutAuthorizationCancellation' as const,
  ...onAuthorization(actor, now),
});

describe('the partner asks to end an ACTIVE authorization', () => {
  it('the request is due 72 hours later', () => {
    given(granted())
      .when(ask(ASKED, 'see the email of March 1'))
      .then({
        type: 'AuthorizationCancellationRequested',
        data: { ...refOf(), reason: 'we are closing the agency', note: 'see the email of March 1', requestedAt: ASKED, dueAt: '2026-03-05T10:00:00.000Z' },
      });
  });

  it('it stays ACTIVE while the request is pending', () => {
    const state = given(granted(), cancellationRequested(ASKED)).state().authorizations[ADS]!;
    expect(state.status).toBe('ACTIVE');
    expect(state).toMatchObject({ cancellationRequest: { requestedAt: ASKED, dueAt: DUE } });
  });

  it('a second request while one is pending: 409', () => {
    given(granted(), cancellationRequested(ASKED))
      .when(ask(plusHours(ASKED, 1)))
      .thenRefused('Conflict', 'CANCELLATION_REQUEST.PENDING');
  });

  it('not for an authorization that is no longer ACTIVE: 409', () => {
    given(granted(), cancelled(ASKED))
      .when(ask(plusDays(T0, 2)))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
    given(granted())
      .when(ask(plusDays(T0, 30)))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it('only the partner asks: the seller is 403 (it cancels directly)', () => {
    given(granted())
      .when({ ...ask(), actor: seller })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });
});

describe('the seller answers the request', () => {
  it('approving cancels it: PARTNER_CANCELLATION_APPROVED', () => {
    const at = plusHours(ASKED, 5);
    given(granted(), cancellationRequested(ASKED)).when(approve(at)).then(cancelled(at, 'PARTNER_CANCELLATION_APPROVED'));
  });

  it('rejecting keeps it ACTIVE and ends the request', () => {
    const at = plusHours(ASKED, 5);
    const answer = given(granted(), cancellationRequested(ASKED)).when(reject(at, 'we still need you'));
    answer.then({ type: 'AuthorizationCancellationRejected', data: { ...refOf(), reason: 'we still need you', rejectedAt: at } });
    const state = given(granted(), cancellationRequested(ASKED), ...answer.events()).state().authorizations[ADS]!;
    expect(state.status).toBe('ACTIVE');
    expect('cancellationRequest' in state && state.cancellationRequest).toBeFalsy();
  });

  it('nothing to approve or reject without a pending request: 409', () => {
    given(granted()).when(approve()).thenRefused('Conflict', 'CANCELLATION_REQUEST.NONE_PENDING');
    given(granted()).when(reject()).thenRefused('Conflict', 'CANCELLATION_REQUEST.NONE_PENDING');
    given(granted(), cancellationRequested(ASKED), cancellationRejected(plusHours(ASKED, 1)))
      .when(approve(plusHours(ASKED, 2)))
      .thenRefused('Conflict', 'CANCELLATION_REQUEST.NONE_PENDING');
  });

  it('nothing to answer once the authorization is cancelled: 409', () => {
    given(granted(), cancellationRequested(ASKED), cancelled(plusHours(ASKED, 1)))
      .when(approve(plusHours(ASKED, 2)))
      .thenRefused('Conflict', 'AUTHORIZATION.NOT_ACTIVE');
  });

  it('only the seller answers: the partner or an admin is 403', () => {
    given(granted(), cancellationRequested(ASKED))
      .when({ ...approve(), actor: partner })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
    given(granted(), cancellationRequested(ASKED))
      .when({ ...reject(), actor: partner })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
    given(granted(), cancellationRequested(ASKED))
      .when({ ...approve(), actor: admin })
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });
});

describe('an unanswered cancellation request cancels after 72 hours', () => {
  it('at the due time it is cancelled, PARTNER_CANCELLATION_TIMEOUT, as of the due time', () => {
    given(granted(), cancellationRequested(ASKED)).when(timeOut(DUE)).then(cancelled(DUE, 'PARTNER_CANCELLATION_TIMEOUT'));
    given(granted(), cancellationRequested(ASKED))
      .when(timeOut(plusHours(DUE, 3)))
      .then(cancelled(DUE, 'PARTNER_CANCELLATION_TIMEOUT'));
  });

  it('before 72 hours nothing happens', () => {
    given(granted(), cancellationRequested(ASKED))
      .when(timeOut(plusMs(DUE, -1)))
      .thenNothing();
  });

  it('an answered request does not time out', () => {
    given(granted(), cancellationRequested(ASKED), cancellationRejected(plusHours(ASKED, 1)))
      .when(timeOut(DUE))
      .thenNothing();
    given(granted(), cancellationRequested(ASKED), cancelled(plusHours(ASKED, 1), 'PARTNER_CANCELLATION_APPROVED'))
      .when(timeOut(DUE))
      .thenNothing();
  });

  it('no request, nothing to time out', () => given(granted()).when(timeOut(DUE)).thenNothing());

  it("an authorization that expired before the request fell due is the expiry's, not the timeout's", () => {
    const short = granted({ validityDays: 2 }); // expires T0 + 2 days, before ASKED + 72 hours
    given(short, cancellationRequested(ASKED)).when(timeOut(DUE)).thenNothing();
    given(short, cancellationRequested(ASKED), expired(plusDays(T0, 2)))
      .when(timeOut(DUE))
      .thenNothing();
  });

  it('a seller who answers after 72 hours is too late: the request already cancelled it (409)', () => {
    given(granted(), cancellationRequested(ASKED)).when(reject(DUE)).thenRefused('Conflict', 'CANCELLATION_REQUEST.TIMED_OUT');
    given(granted(), cancellationRequested(ASKED))
      .when(approve(plusHours(DUE, 1)))
      .thenRefused('Conflict', 'CANCELLATION_REQUEST.TIMED_OUT');
    given(granted(), cancellationRequested(ASKED))
      .when(reject(plusMs(DUE, -1)))
      .then(cancellationRejected(plusMs(DUE, -1)));
  });

  it('a request that fell due before expiresAt cancels as of its due time, even when the timeout runs after expiresAt', () => {
    const short = granted({ validityDays: 5 }); // expires T0 + 5 days, after ASKED + 72 hours
    given(short, cancellationRequested(ASKED))
      .when(timeOut(plusDays(T0, 6)))
      .then(cancelled(DUE, 'PARTNER_CANCELLATION_TIMEOUT'));
  });

  it('only the system times a request out: 403 for anyone else', () => {
    given(granted(), cancellationRequested(ASKED)).when(timeOut(DUE, seller)).thenRefused('Forbidden', 'SYSTEM.ONLY');
    given(granted(), cancellationRequested(ASKED)).when(timeOut(DUE, partner)).thenRefused('Forbidden', 'SYSTEM.ONLY');
  });
});

describe('after a rejection the partner may ask again only 144 hours later', () => {
  const REJECTED = plusHours(ASKED, 2);
  const history = [granted(), cancellationRequested(ASKED), cancellationRejected(REJECTED)];

  it('before 144 hours: 409', () => {
    given(...history)
      .when(ask(plusMs(plusHours(REJECTED, 144), -1)))
      .thenRefused('Conflict', 'CANCELLATION_REQUEST.TOO_SOON');
  });

  it('from 144 hours on: a new request', () => {
    const again = plusHours(REJECTED, 144);
    given(...history)
      .when(ask(again))
      .then(cancellationRequested(again));
  });
});
