// Property-based tests of the binding decider: random command sequences (support/binding-model.ts)
// fed through decide/evolve as the command handler does, refused commands skipped, and after every
// step the status invariants of API.md checked against an oracle written here, not borrowed from
// the code under test.
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  type AuthorizationState,
  type BindingCommand,
  type BindingEvent,
  bindingDecider,
  type BindingState,
  checkAccess,
  DomainError,
  PERMISSIONS,
  type Scopes,
} from '#libs/domain';
import { authorizationOf, type Cascade, commandOf, newWorld, PARTNER, SELLER, type Step, stepArb, type World } from './support/binding-model.js';

const plusHours = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
const plusDays = (at: string, days: number) => plusHours(at, days * 24);
const seen = new Map<string, number>();

/** The code under test; the last tests swap in broken versions to show that the checks catch them. */
const REAL = { decide: bindingDecider.decide, checkAccess };
let subject = REAL;

function must(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** ACTIVE for everyone at `now`: not ended, not past expiresAt, no cancellation request left unanswered to its due time. */
const activeAt = (a: AuthorizationState, now: string) =>
  a.status === 'ACTIVE' && a.expiresAt > now && !(a.cancellationRequest && a.cancellationRequest.dueAt <= now);

/** What a granted scope allows, as API.md lists it. */
function allows(s: Scopes, permission: string): boolean {
  if (permission === 'DATA_COMPASS') return s.dataCompass === true;
  if (permission === 'SHOP_OPERATION_TICKET') return s.shopOperationTicket === true;
  if (permission === 'SELLER_CENTER_LOGIN') return s.sellerCenterRoles.length > 0;
  const [kind, value] = permission.split(':');
  if (kind === 'SELLER_CENTER') return (s.sellerCenterRoles as string[]).includes(value!);
  if (value === 'SHOP_AND_TIKTOK_ACCOUNT') return s.authorizedObject === value;
  return s.authorizedObject === value || s.authorizedObject === 'SHOP_AND_TIKTOK_ACCOUNT';
}

const END_REASONS_OF: Record<string, string[]> = {
  CANCELLED: ['SELLER_CANCELLED', 'PARTNER_CANCELLATION_APPROVED', 'PARTNER_CANCELLATION_TIMEOUT'],
  EXPIRED: ['EXPIRED'],
  DEACTIVATED: ['SERVICE_DEACTIVATED', 'PARTNER_BANNED', 'SELLER_BANNED', 'ADMIN_DEACTIVATED'],
};

const isSeller = (c: BindingCommand) => c.actor.role === 'seller' && c.actor.sub === SELLER.sub;
const isPartner = (c: BindingCommand) => c.actor.role === 'partner' && c.actor.sub === PARTNER.sub;
const isSystem = (c: BindingCommand) => c.actor.role === 'system';

/** One decided event, with the authorization as it was just before it and the command that made it. */
function checkEvent(e: BindingEvent, before: AuthorizationState | undefined, after: AuthorizationState | undefined, c: BindingCommand, w: World): void {
  const now = c.now;
  const d = e.data as { serviceId?: string; authorizationId?: string };
  if (d.authorizationId !== undefined) {
    must(d.authorizationId === authorizationOf(d.serviceId!), `${e.type}: one authorization id per seller and service`);
    must(after && after.revision === (before?.revision ?? 0) + 1, `${e.type}: the revision grows by one per event`);
  }
  switch (e.type) {
    case 'AuthorizationGranted': {
      must(isSeller(c), 'only the seller grants (by its grant or by signing a proposal)');
      must(!before || !activeAt(before, now), 'never two ACTIVE authorizations of one seller and service: a grant over an ACTIVE one');
      const service = w.services[e.data.serviceId]!;
      must(service.status === 'ACTIVE' && !w.bans.partner && !w.bans.seller, 'a grant of a deactivated service, or by or to a banned principal');
      must(
        e.data.validityDays <= service.validityDays && e.data.expiresAt === plusDays(now, e.data.validityDays),
        'validity within the service, counted from the grant',
      );
      must(
        Object.values(e.data.scopes).some((v) => v === true || (Array.isArray(v) ? v.length > 0 : typeof v === 'string')),
        'a grant grants at least one scope',
      );
      return;
    }
    case 'AuthorizationCancelled': {
      must(before?.status === 'ACTIVE', 'only an ACTIVE authorization is cancelled');
      if (e.data.endReason === 'PARTNER_CANCELLATION_TIMEOUT') {
        must(isSystem(c), 'the timeout is the system');
        must(
          before.cancellationRequest && before.cancellationRequest.dueAt <= now && e.data.cancelledAt === before.cancellationRequest.dueAt,
          'the timeout cancels at the due time of an unanswered request',
        );
      } else {
        must(isSeller(c), `nothing but the seller ends one as CANCELLED (${e.data.endReason} by ${c.actor.role})`);
        must(activeAt(before, now), 'the seller cancels an ACTIVE one');
        if (e.data.endReason === 'PARTNER_CANCELLATION_APPROVED') must(before.cancellationRequest, 'approval answers a pending request');
      }
      return;
    }
    case 'AuthorizationRenewed':
      must(
        before && (activeAt(before, now) || before.status === 'EXPIRED' || (before.status === 'ACTIVE' && before.expiresAt <= now)),
        'renew: ACTIVE or EXPIRED only',
      );
      must(e.data.autoRenewed ? isSystem(c) && before.autoRenew : isSeller(c), 'the seller renews, or the system when auto-renew is on');
      must(e.data.expiresAt === plusDays(now, before.validityDays), "a renewal counts the authorization's validity from now");
      must(w.services[e.data.serviceId]!.status === 'ACTIVE' && !w.bans.partner, 'no renewal of a deactivated service or for a banned partner');
      return;
    case 'AuthorizationScopesChanged':
    case 'AuthorizationAutoRenewChanged':
      must(isSeller(c) && before && activeAt(before, now), 'the seller edits an ACTIVE authorization only');
      return;
    case 'AuthorizationExpired':
      must(isSystem(c) && before?.status === 'ACTIVE' && before.expiresAt <= now, 'the system expires an ACTIVE one whose expiresAt has passed');
      return;
    case 'AuthorizationDeactivated':
      must((isSystem(c) || c.actor.role === 'admin') && before && activeAt(before, now), 'the system or an operator deactivates an ACTIVE one');
      return;
    case 'AuthorizationRemoved':
      must(isSeller(c) && before && !activeAt(before, now), 'the seller removes one that is not ACTIVE');
      return;
    case 'AuthorizationCancellationRequested':
      must(
        isPartner(c) && before?.status === 'ACTIVE' && activeAt(before, now) && !before.cancellationRequest,
        'the partner asks to end an ACTIVE one, once at a time',
      );
      return;
    case 'AuthorizationCancellationRejected':
      must(isSeller(c) && before?.status === 'ACTIVE' && before.cancellationRequest, 'the seller rejects a pending request');
      return;
    case 'AuthorizationRenewalRequested':
      must(isPartner(c), 'the partner asks for a renewal');
      return;
    default:
      must(e.type.startsWith('Proposal'), `unexpected event ${e.type}`);
  }
}

/** The state after every step: shapes of the statuses, and every access check against the oracle. */
function checkState(state: BindingState, w: World): void {
  for (const [serviceId, a] of Object.entries(state.authorizations)) {
    must(a.serviceId === serviceId && a.authorizationId === authorizationOf(serviceId), 'one authorization per seller and service, under its own id');
    if (a.status !== 'ACTIVE') {
      must(END_REASONS_OF[a.status]!.includes(a.endReason) && a.endedAt, `${a.status} with endReason ${a.endReason}`);
      must(!('cancellationRequest' in a) || a.cancellationRequest === undefined, 'an ended authorization has no pending request');
    }
  }
  const serviceStatus = (id: string) => w.services[id]?.status;
  for (const permission of PERMISSIONS) {
    const answer = subject.checkAccess({ binding: state, permission, now: w.now, bans: w.bans, serviceStatus });
    const allowing = Object.values(state.authorizations).filter(
      (a) => activeAt(a, w.now) && allows(a.scopes, permission) && !w.bans.partner && !w.bans.seller && serviceStatus(a.serviceId) === 'ACTIVE',
    );
    must(answer.allowed === allowing.length > 0, `${permission}: allowed only by an ACTIVE, unexpired authorization that grants it (got ${answer.reason})`);
    must(
      answer.authorizationIds.join() ===
        allowing
          .map((a) => a.authorizationId)
          .sort()
          .join(),
      `${permission}: authorizationIds lists exactly the ACTIVE ones that allow it`,
    );
    if (answer.allowed)
      must(
        answer.expiresAt ===
          allowing
            .map((a) => a.expiresAt)
            .sort()
            .at(-1),
        'expiresAt is the latest end of those that allow it',
      );
  }
}

function apply(state: BindingState, command: BindingCommand, w: World): BindingState {
  let events: BindingEvent[];
  try {
    events = subject.decide(command, state);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return state;
  }
  must(JSON.stringify(subject.decide(command, state)) === JSON.stringify(events), `${command.type}: decide is a function of the command and the state`);
  const banned = (command.actor.role === 'partner' && w.bans.partner) || (command.actor.role === 'seller' && w.bans.seller);
  must(events.length === 0 || !banned, `a banned ${command.actor.role} acted: ${command.type}`);
  for (const e of events) {
    seen.set(e.type, (seen.get(e.type) ?? 0) + 1);
    const serviceId = (e.data as { serviceId?: string }).serviceId;
    const before = serviceId === undefined ? undefined : state.authorizations[serviceId];
    state = bindingDecider.evolve(state, e);
    if (!e.type.startsWith('Proposal')) checkEvent(e, before, state.authorizations[serviceId!], command, w);
  }
  return state;
}

/** What the cascade process does when a service is deactivated or a principal banned: each ACTIVE authorization concerned is deactivated. */
function cascade(state: BindingState, w: World, { endReason, serviceId }: Cascade): BindingState {
  for (const a of Object.values(state.authorizations)) {
    if (serviceId !== undefined && a.serviceId !== serviceId) continue;
    const command: BindingCommand = {
      type: 'DeactivateAuthorization',
      actor: { role: 'system', sub: 'cascade' },
      now: w.now,
      bans: w.bans,
      authorizationId: a.authorizationId,
      endReason,
    };
    state = apply(state, command, w);
  }
  return state;
}

function run(steps: Step[]): void {
  const w = newWorld();
  let state = bindingDecider.initialState();
  const react = (c: Cascade, later: boolean) => (later ? w.pendingCascades.push(c) : (state = cascade(state, w, c)));
  for (const step of steps) {
    if (step.kind === 'time') w.now = plusHours(w.now, step.hours);
    else if (step.kind === 'deactivateService') {
      w.services[step.serviceId] = { ...w.services[step.serviceId]!, status: 'DEACTIVATED' };
      react({ endReason: 'SERVICE_DEACTIVATED', serviceId: step.serviceId }, step.cascadeLater);
    } else if (step.kind === 'ban') {
      w.bans = { ...w.bans, [step.who]: true };
      react({ endReason: step.who === 'partner' ? 'PARTNER_BANNED' : 'SELLER_BANNED' }, step.cascadeLater);
    } else if (step.kind === 'cascade') for (const c of w.pendingCascades.splice(0)) state = cascade(state, w, c);
    else state = apply(state, commandOf(step, w)!, w);
    checkState(state, w);
  }
}

describe('binding invariants under random command sequences', () => {
  afterAll(() => {
    // The generator reaches every kind of decision, or the properties above prove little.
    for (const type of [
      'AuthorizationGranted',
      'AuthorizationRenewed',
      'AuthorizationScopesChanged',
      'AuthorizationCancelled',
      'AuthorizationExpired',
      'AuthorizationDeactivated',
      'AuthorizationRemoved',
      'AuthorizationCancellationRejected',
      'ProposalSigned',
    ])
      expect([type, seen.get(type) ?? 0]).not.toEqual([type, 0]);
  });

  it('hold after every step of 1,000 sequences of up to 60 commands', () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }), run), { numRuns: 1_000 });
  });

  it('hold on long sequences where time runs for months', () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 100, maxLength: 200, size: 'max' }), run), { numRuns: 100 });
  });

  describe('the checks catch a broken decider (mutants)', () => {
    const caught = (mutant: Partial<typeof REAL>) => {
      subject = { ...REAL, ...mutant };
      try {
        expect(() => fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 60, size: 'max' }), run), { numRuns: 1_000 })).toThrow();
      } finally {
        subject = REAL;
      }
    };
    const stateOf = (s: BindingState, keep: (a: AuthorizationState) => boolean): BindingState => ({
      ...s,
      authorizations: Object.fromEntries(Object.entries(s.authorizations).filter(([, a]) => keep(a))),
    });

    it('a grant over an ACTIVE authorization', () =>
      caught({ decide: (c, s) => REAL.decide(c, c.type === 'GrantAuthorizations' ? stateOf(s, (a) => a.status !== 'ACTIVE') : s) }));
    it('a partner cancelling', () =>
      caught({ decide: (c, s) => REAL.decide(c.type === 'CancelAuthorization' && c.actor.role === 'partner' ? { ...c, actor: SELLER } : c, s) }));
    it('an access check that forgets bans', () => caught({ checkAccess: (facts) => REAL.checkAccess({ ...facts, bans: { partner: false, seller: false } }) }));
    it('an access check that forgets expiry', () => caught({ checkAccess: (facts) => REAL.checkAccess({ ...facts, now: '2026-01-01T00:00:00.000Z' }) }));
  });
});
