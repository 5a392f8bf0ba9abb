// Ownership: what the caller may not see is 404, the right party in the wrong role is 403,
// a banned principal is 403; If-Match must name the authorization's current revision.
import { describe, it } from '@jest/globals';
import type { Actor } from '../shared/decider.js';
import { givenFor } from '../testing/given.js';
import { admin, auditor, otherPartner, otherSeller, partner, partnerBanned, seller, sellerBanned } from '../testing/actors.js';
import { onAuthorization } from '../testing/authorization-commands.js';
import { cancellationRequested, granted, refOf } from '../testing/authorization-events.js';
import { settings } from '../testing/market.js';
import { aService } from '../testing/services.js';
import { T0, plusDays } from '../testing/time.js';
import { bindingDecider } from './binding.js';
import type { AuthorizationCommand, ExpireAuthorization, GrantAuthorizations, TimeOutAuthorizationCancellation } from './commands.js';

/** The commands a person makes on one authorization (they accept If-Match). */
type OnOneAuthorization = Exclude<AuthorizationCommand, GrantAuthorizations | ExpireAuthorization | TimeOutAuthorizationCancellation>;

const given = givenFor(bindingDecider);
const NOW = plusDays(T0, 2);
const on = (actor: Actor) => onAuthorization(actor, NOW);

/** Each command on one authorization, made by `actor`, with the role it is meant for. */
const commands: [string, 'seller' | 'partner' | 'admin', (actor: Actor) => OnOneAuthorization][] = [
  ['edit', 'seller', (a) => ({ type: 'EditAuthorization', ...on(a), autoRenew: true, service: aService(), settings })],
  ['renew', 'seller', (a) => ({ type: 'RenewAuthorization', ...on(a), service: aService() })],
  ['cancel', 'seller', (a) => ({ type: 'CancelAuthorization', ...on(a) })],
  ['remove', 'seller', (a) => ({ type: 'RemoveAuthorization', ...on(a) })],
  ['approve a cancellation request', 'seller', (a) => ({ type: 'ApproveAuthorizationCancellation', ...on(a) })],
  ['reject a cancellation request', 'seller', (a) => ({ type: 'RejectAuthorizationCancellation', ...on(a) })],
  ['ask for a renewal', 'partner', (a) => ({ type: 'RequestAuthorizationRenewal', ...on(a) })],
  ['ask for a cancellation', 'partner', (a) => ({ type: 'RequestAuthorizationCancellation', ...on(a), reason: 'closing' })],
  ['deactivate', 'admin', (a) => ({ type: 'DeactivateAuthorization', ...on(a), endReason: 'ADMIN_DEACTIVATED' })],
];
const actorFor = { seller, partner, admin };
const history = [granted(), cancellationRequested(plusDays(T0, 1))];

describe('a seller or partner acting on an authorization that is not theirs: 404', () => {
  const ownedCommands = commands.filter(([, role]) => role !== 'admin');

  it.each(ownedCommands)('%s by another seller', (_what, _role, make) => {
    given(...history)
      .when(make(otherSeller))
      .thenRefused('NotFound', 'AUTHORIZATION.NOT_FOUND');
  });

  it.each(ownedCommands)('%s by another partner', (_what, _role, make) => {
    given(...history)
      .when(make(otherPartner))
      .thenRefused('NotFound', 'AUTHORIZATION.NOT_FOUND');
  });

  it.each(commands)('%s of an authorization never granted', (_what, role, make) => {
    given().when(make(actorFor[role])).thenRefused('NotFound', 'AUTHORIZATION.NOT_FOUND');
  });

  it.each(ownedCommands)('%s with a malformed authorization id', (_what, role, make) => {
    given(...history)
      .when({ ...make(actorFor[role]), authorizationId: 'au_not-an-id' })
      .thenRefused('NotFound', 'AUTHORIZATION.NOT_FOUND');
  });
});

describe('the right party in the wrong role: 403', () => {
  it("the operators' deactivate route is 403 to any seller or partner, whatever the id", () => {
    const deactivate = commands.find(([what]) => what === 'deactivate')![2];
    for (const actor of [seller, otherSeller, partner, otherPartner])
      given(...history)
        .when(deactivate(actor))
        .thenRefused('Forbidden', 'AUTHORIZATION.ADMIN_ONLY');
  });

  const meantFor = (roles: string[]) => commands.filter(([, role]) => roles.includes(role));
  const madeBy = (made: typeof commands, who: string, actor: Actor) => made.map(([what, , make]) => [`${what} by ${who}`, make(actor)] as const);

  it.each([
    ...madeBy(meantFor(['seller']), 'the partner', partner),
    ...madeBy(meantFor(['seller']), 'an admin, where only the seller may', admin),
    ...madeBy(meantFor(['partner']), 'the seller', seller),
    ...madeBy(meantFor(['seller', 'partner']), 'an auditor', auditor),
  ])('%s', (_case, command) => {
    given(...history)
      .when(command)
      .thenRefused('Forbidden', 'AUTHORIZATION.ROLE_FORBIDDEN');
  });
});

describe("a banned principal's commands are 403", () => {
  it.each(commands.filter(([, role]) => role === 'seller'))('%s by a banned seller', (_what, _role, make) => {
    given(...history)
      .when({ ...make(seller), bans: sellerBanned })
      .thenRefused('Forbidden', 'SELLER.BANNED');
  });

  it.each(commands.filter(([, role]) => role === 'partner'))('%s by a banned partner', (_what, _role, make) => {
    given(...history)
      .when({ ...make(partner), bans: partnerBanned })
      .thenRefused('Forbidden', 'PARTNER.BANNED');
  });
});

describe('If-Match: the revision the client last read', () => {
  // The grant and the cancellation request: revision 2.
  it.each(commands)('%s with a stale revision: 412', (_what, role, make) => {
    given(...history)
      .when({ ...make(actorFor[role]), ifMatch: 1 })
      .thenRefused('Precondition', 'AUTHORIZATION.REVISION_MISMATCH');
  });

  it.each(commands)('%s with a revision from the future: 412', (_what, role, make) => {
    given(...history)
      .when({ ...make(actorFor[role]), ifMatch: 3 })
      .thenRefused('Precondition', 'AUTHORIZATION.REVISION_MISMATCH');
  });

  it('the current revision passes: 1 right after the grant', () => {
    given(granted())
      .when({ type: 'CancelAuthorization', ...on(seller), ifMatch: 1 })
      .then({ type: 'AuthorizationCancelled', data: { ...refOf(), endReason: 'SELLER_CANCELLED', cancelledAt: NOW } });
  });

  it('the current revision passes: 2 after the grant and one more event', () => {
    given(...history)
      .when({ type: 'ApproveAuthorizationCancellation', ...on(seller), ifMatch: 2 })
      .then({ type: 'AuthorizationCancelled', data: { ...refOf(), endReason: 'PARTNER_CANCELLATION_APPROVED', cancelledAt: NOW } });
  });

  it('a revision from another authorization of the same binding does not count', () => {
    const reports = granted({ serviceId: 'svc-reports' });
    given(granted(), reports, { ...cancellationRequested(plusDays(T0, 1)), data: { ...cancellationRequested(plusDays(T0, 1)).data, ...refOf('svc-reports') } })
      .when({ type: 'CancelAuthorization', ...on(seller), ifMatch: 2 })
      .thenRefused('Precondition', 'AUTHORIZATION.REVISION_MISMATCH');
  });
});
