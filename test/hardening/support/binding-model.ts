// Random command sequences on one binding (partner-1 x shop-1, a US L2L seller), and the world
// around it that the shell would read (services, bans, time). Every kind of command of the binding
// decider appears, sent by the right principal and by wrong ones, valid and not; the world moves:
// time passes (days at a time, past expiries and 72-hour deadlines), services get deactivated,
// principals get banned, and the processes react as the shell's would.
import fc from 'fast-check';
import { type Actor, authorizationIdOf, type BindingCommand, type Bans, proposalIdOf, type ScopesInput, type PublishedService, linkCodeOf } from '#libs/domain';

export const PARTNER: Actor = { role: 'partner', sub: 'partner-1' };
export const SELLER: Actor = { role: 'seller', sub: 'shop-1' };
const ACTORS: Actor[] = [
  SELLER,
  SELLER,
  PARTNER,
  PARTNER,
  { role: 'seller', sub: 'shop-2' },
  { role: 'partner', sub: 'partner-2' },
  { role: 'admin', sub: 'op-1' },
  { role: 'auditor', sub: 'au-1' },
];
export const SERVICE_IDS = ['svc-a', 'svc-b', 'svc-c'] as const;
type ServiceId = (typeof SERVICE_IDS)[number];
const VALIDITY: Record<ServiceId, number> = { 'svc-a': 7, 'svc-b': 3, 'svc-c': 30 };

/** What a seller may try to grant: some allowed by the services and the US L2L market, some not. */
const SCOPES: ScopesInput[] = [
  { authorizedObject: 'SHOP', dataCompass: true },
  { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', shopOperationTicket: true, sellerCenterRoles: ['ADS_MANAGER'] },
  { authorizedObject: 'TIKTOK_ACCOUNT', sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'] },
  { authorizedObject: 'SHOP', sellerCenterRoles: ['FINANCE_SPECIALIST'] },
  { dataCompass: true },
  {},
];

export const authorizationOf = (serviceId: string) => authorizationIdOf({ partnerId: PARTNER.sub, sellerId: SELLER.sub, serviceId });

export function service(serviceId: ServiceId, status: 'ACTIVE' | 'DEACTIVATED' = 'ACTIVE'): PublishedService {
  return {
    serviceId,
    partnerId: PARTNER.sub,
    name: serviceId,
    description: '',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'EU'],
    requestedScopes: {
      authorizedObjects: ['SHOP', 'TIKTOK_ACCOUNT', 'SHOP_AND_TIKTOK_ACCOUNT'],
      shopOperationTicket: true,
      sellerCenterRoles: ['MARKETING_SPECIALIST', 'ADS_MANAGER'],
      dataCompass: true,
    },
    validityDays: VALIDITY[serviceId],
    linkCode: linkCodeOf(serviceId),
    publishedAt: '2026-01-01T00:00:00.000Z',
    status,
  };
}

export interface Cascade {
  endReason: 'SERVICE_DEACTIVATED' | 'PARTNER_BANNED' | 'SELLER_BANNED';
  serviceId?: string;
}

export interface World {
  now: string;
  services: Record<string, PublishedService>;
  bans: Bans;
  proposals: string[];
  /** Cascades not run yet: the process reacts a moment after a deactivation or a ban, not in the same append. */
  pendingCascades: Cascade[];
}

export const newWorld = (): World => ({
  now: '2026-03-01T10:00:00.000Z',
  services: Object.fromEntries(SERVICE_IDS.map((id) => [id, service(id)])),
  bans: { partner: false, seller: false },
  proposals: [],
  pendingCascades: [],
});

const svc = fc.constantFrom(...SERVICE_IDS);
/** Mostly the parties of the binding, sometimes anybody: refusals are part of the sequences. */
const actor = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(SELLER, PARTNER) }, { weight: 1, arbitrary: fc.constantFrom(...ACTORS) });

type Act =
  | 'RenewAuthorization'
  | 'RequestAuthorizationRenewal'
  | 'CancelAuthorization'
  | 'RequestAuthorizationCancellation'
  | 'ApproveAuthorizationCancellation'
  | 'RejectAuthorizationCancellation'
  | 'RemoveAuthorization'
  | 'DeactivateAuthorization';
type ProposalAct = 'SignProposal' | 'DeclineProposal' | 'WithdrawProposal' | 'ExpireProposal';

/** Plain data, so that fast-check prints a failing sequence readably. */
export type Step =
  | { kind: 'time'; hours: number }
  | { kind: 'deactivateService'; serviceId: ServiceId; cascadeLater: boolean }
  | { kind: 'ban'; who: 'partner' | 'seller'; cascadeLater: boolean }
  | { kind: 'cascade' }
  | { kind: 'grant'; serviceIds: ServiceId[]; scopes: ScopesInput; validityDays?: number; autoRenew: boolean; actor: Actor }
  | { kind: 'edit'; serviceId: ServiceId; actor: Actor; scopes?: ScopesInput; autoRenew?: boolean; ifMatch?: number }
  | { kind: 'act'; type: Act; serviceId: ServiceId; actor: Actor }
  | { kind: 'system'; type: 'ExpireAuthorization' | 'TimeOutAuthorizationCancellation'; serviceId: ServiceId }
  | { kind: 'propose'; serviceIds: ServiceId[]; scopes: ScopesInput; actor: Actor; expiresInDays: number }
  | { kind: 'proposal'; type: ProposalAct; pick: number; actor: Actor };

const ACTS: Act[] = [
  'RenewAuthorization',
  'RequestAuthorizationRenewal',
  'CancelAuthorization',
  'CancelAuthorization',
  'RequestAuthorizationCancellation',
  'RequestAuthorizationCancellation',
  'ApproveAuthorizationCancellation',
  'RejectAuthorizationCancellation',
  'RemoveAuthorization',
  'DeactivateAuthorization',
];

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 18,
    arbitrary: fc.record({ kind: fc.constant('time' as const), hours: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 24, max: 24 * 8 })) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deactivateService' as const), serviceId: svc, cascadeLater: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('ban' as const), who: fc.constantFrom('partner' as const, 'seller' as const), cascadeLater: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'cascade' as const }) },
  {
    weight: 18,
    arbitrary: fc.record(
      {
        kind: fc.constant('grant' as const),
        serviceIds: fc.oneof(
          { weight: 4, arbitrary: fc.subarray([...SERVICE_IDS], { minLength: 1 }) },
          { weight: 1, arbitrary: fc.array(svc, { minLength: 1, maxLength: 3 }) },
        ),
        scopes: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SCOPES.slice(0, 3)) }, { weight: 1, arbitrary: fc.constantFrom(...SCOPES) }),
        validityDays: fc.integer({ min: 1, max: 10 }),
        autoRenew: fc.boolean(),
        actor: fc.oneof({ weight: 4, arbitrary: fc.constant(SELLER) }, { weight: 1, arbitrary: fc.constantFrom(...ACTORS) }),
      },
      { requiredKeys: ['kind', 'serviceIds', 'scopes', 'autoRenew', 'actor'] },
    ),
  },
  {
    weight: 9,
    arbitrary: fc.record(
      {
        kind: fc.constant('edit' as const),
        serviceId: svc,
        actor: fc.oneof({ weight: 4, arbitrary: fc.constant(SELLER) }, { weight: 1, arbitrary: fc.constantFrom(...ACTORS) }),
        scopes: fc.constantFrom(...SCOPES),
        autoRenew: fc.boolean(),
        ifMatch: fc.integer({ min: 0, max: 8 }),
      },
      { requiredKeys: ['kind', 'serviceId', 'actor'] },
    ),
  },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('act' as const), type: fc.constantFrom(...ACTS), serviceId: svc, actor }) },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('system' as const),
      type: fc.constantFrom('ExpireAuthorization' as const, 'TimeOutAuthorizationCancellation' as const),
      serviceId: svc,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('propose' as const),
      serviceIds: fc.subarray([...SERVICE_IDS], { minLength: 1, maxLength: 2 }),
      scopes: fc.constantFrom(...SCOPES.slice(0, 4)),
      actor: fc.constantFrom(PARTNER, PARTNER, ...ACTORS),
      expiresInDays: fc.integer({ min: 1, max: 10 }),
    }),
  },
  {
    weight: 9,
    arbitrary: fc.record({
      kind: fc.constant('proposal' as const),
      type: fc.constantFrom<ProposalAct>('SignProposal', 'DeclineProposal', 'WithdrawProposal', 'ExpireProposal'),
      pick: fc.nat(),
      actor,
    }),
  },
);

const on = (serviceId: ServiceId) => ({ authorizationId: authorizationOf(serviceId) });
const base = (who: Actor, w: World) => ({ actor: who, now: w.now, bans: w.bans });
const SYSTEM: Actor = { role: 'system', sub: 'process' };

/** The command the shell would build for a step, from what it reads of the world. */
export function commandOf(step: Step, w: World): BindingCommand | undefined {
  switch (step.kind) {
    case 'grant':
      return {
        type: 'GrantAuthorizations',
        ...base(step.actor, w),
        partnerId: PARTNER.sub,
        sellerId: SELLER.sub,
        market: 'US_L2L',
        settings: {},
        grants: step.serviceIds.map((serviceId) => ({
          serviceId,
          service: w.services[serviceId],
          scopes: step.scopes,
          autoRenew: step.autoRenew,
          ...(step.validityDays !== undefined && { validityDays: step.validityDays }),
        })),
      };
    case 'edit': {
      const { scopes, autoRenew, ifMatch } = step;
      return {
        type: 'EditAuthorization',
        ...base(step.actor, w),
        ...on(step.serviceId),
        service: w.services[step.serviceId],
        settings: {},
        ...(scopes && { scopes }),
        ...(autoRenew !== undefined && { autoRenew }),
        ...(ifMatch !== undefined && { ifMatch }),
      };
    }
    case 'act': {
      const common = { ...base(step.actor, w), ...on(step.serviceId) };
      if (step.type === 'RenewAuthorization') return { type: step.type, ...common, service: w.services[step.serviceId] };
      if (step.type === 'RequestAuthorizationCancellation') return { type: step.type, ...common, reason: 'we are done' };
      if (step.type === 'DeactivateAuthorization') return { type: step.type, ...common, endReason: 'ADMIN_DEACTIVATED' };
      return { type: step.type, ...common };
    }
    case 'system':
      if (step.type === 'ExpireAuthorization') return { type: step.type, ...base(SYSTEM, w), ...on(step.serviceId), service: w.services[step.serviceId] };
      return { type: step.type, ...base(SYSTEM, w), ...on(step.serviceId) };
    case 'propose': {
      const proposalId = proposalIdOf({ partnerId: PARTNER.sub, sellerId: SELLER.sub, nonce: `n${w.proposals.length}` });
      w.proposals.push(proposalId);
      return {
        type: 'CreateProposal',
        ...base(step.actor, w),
        proposalId,
        partnerId: PARTNER.sub,
        sellerId: SELLER.sub,
        sellerMarket: 'US_L2L',
        services: step.serviceIds.map((serviceId) => ({ serviceId, service: w.services[serviceId], scopes: step.scopes })),
        expiresInDays: step.expiresInDays,
        settings: {},
      };
    }
    case 'proposal': {
      const proposalId = w.proposals[step.pick % Math.max(1, w.proposals.length)] ?? 'pr_none';
      if (step.type === 'SignProposal') return { type: step.type, ...base(step.actor, w), proposalId, market: 'US_L2L', services: w.services, settings: {} };
      if (step.type === 'ExpireProposal') return { type: step.type, ...base(SYSTEM, w), proposalId };
      return { type: step.type, ...base(step.actor, w), proposalId };
    }
    default:
      return undefined;
  }
}
