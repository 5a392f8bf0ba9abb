// Synthetic histories shaped exactly like the product's: ServicePublished for every service, then
// AuthorizationGranted on one binding stream per partner x seller (built by the domain's
// grantedEvent, and checked against what the binding decider itself decides, see
// assertShapedLikeTheDomain), and for some of them a later event that ends or touches the authorization
// (expired, cancelled, deactivated, renewal requested). Deterministic: the same size gives the
// same history (ids aside), so runs and baselines read the same data.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  type AuthorizationGranted,
  bindingDecider,
  EU_TSP_ACCESS_LAUNCH,
  grantedEvent,
  type AuthorizationRef,
  linkCodeOf,
  type Market,
  type Scopes,
  schemaVersionOf,
  type ServiceFacts,
  type PublishedService,
  streams,
} from '#libs/domain';
import type { EventActor, NewEvent } from '#libs/event-store';

/** The instant the synthetic data is "now" at: queries pass it as their `now`. */
export const SYNTHETIC_NOW = '2026-06-01T00:00:00.000Z';
const DAY_MS = 86_400_000;
const NOW_MS = Date.parse(SYNTHETIC_NOW);

export interface Shape {
  authorizations: number;
  partners: number;
  /** How many of the authorizations the largest partner (partner-0) holds. */
  largest: number;
  sellers: number;
  servicesPerPartner: number;
}

/** 1,000 partners and a largest one with 10% at 1,000,000 authorizations; scaled down alike. */
export function shapeFor(authorizations: number): Shape {
  return {
    authorizations,
    partners: Math.max(10, Math.round(authorizations / 1_000)),
    largest: Math.round(authorizations / 10),
    sellers: Math.max(100, Math.round(authorizations / 5)),
    servicesPerPartner: 3,
  };
}

export interface AppendJob {
  stream: string;
  events: NewEvent[];
  expected: 'no_stream' | number;
}

/** A fast deterministic PRNG (mulberry32): the same index always draws the same numbers. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const partnerId = (p: number) => `partner-${p}`;
export const sellerId = (s: number) => `seller-${s}`;
export const serviceId = (p: number, j: number) => `svc-${p}-${j}`;

export function marketOf(seller: number): Market {
  const r = seller % 20;
  return r < 10 ? 'US_L2L' : r < 14 ? 'EU' : r < 17 ? 'SEA' : r < 19 ? 'US_CB' : 'OTHER';
}

function scopesFor(market: Market, r: number, at: string): Scopes {
  if (market === 'US_L2L')
    return {
      authorizedObject: r < 0.5 ? 'SHOP_AND_TIKTOK_ACCOUNT' : 'SHOP',
      shopOperationTicket: true,
      sellerCenterRoles: r < 0.3 ? ['PRODUCT_MANAGEMENT_SPECIALIST', 'MARKETING_SPECIALIST'] : ['FULFILLMENT_SPECIALIST'],
      dataCompass: true,
    };
  if (market === 'EU') return { shopOperationTicket: true, sellerCenterRoles: at >= EU_TSP_ACCESS_LAUNCH ? ['FULFILLMENT_SPECIALIST'] : [], dataCompass: true };
  return { shopOperationTicket: r < 0.5, sellerCenterRoles: [], dataCompass: true };
}

function metadata(actor: EventActor, occurredAt: string, type: string): NewEvent['metadata'] {
  return { actor, correlationId: randomUUID(), causationId: null, occurredAt, schemaVersion: schemaVersionOf(type) };
}

function event(type: string, data: unknown, actor: EventActor, occurredAt: string): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: metadata(actor, occurredAt, type) };
}

export function serviceFacts(p: number, j: number): ServiceFacts {
  const id = serviceId(p, j);
  return {
    serviceId: id,
    partnerId: partnerId(p),
    name: `Service ${j} of partner ${p}`,
    description: 'Order management, ads and data analysis for TikTok Shop sellers.',
    visibility: 'PUBLIC',
    markets: ['US_L2L', 'US_CB', 'EU', 'SEA', 'OTHER'],
    requestedScopes: {
      authorizedObjects: ['SHOP_AND_TIKTOK_ACCOUNT', 'SHOP'],
      shopOperationTicket: true,
      sellerCenterRoles: ['PRODUCT_MANAGEMENT_SPECIALIST', 'FULFILLMENT_SPECIALIST', 'MARKETING_SPECIALIST'],
      dataCompass: true,
    },
    validityDays: 365,
    linkCode: linkCodeOf(id),
    publishedAt: new Date(NOW_MS - 400 * DAY_MS).toISOString(),
  };
}

/**
 * The synthetic grants must be what the product would have appended: for a sample of them, the
 * binding decider is given the same grant as a command, and its event must equal ours (same
 * fields, same order, same values). Throws when the domain's shape has moved.
 */
export function assertShapedLikeTheDomain(samples = 40): void {
  const shape = shapeFor(1_000);
  const snapshots = [0, 1].map((p) => [0, 1, 2].map((j) => ({ ...serviceFacts(p, j), status: 'ACTIVE' as const })));
  for (let i = 0; i < samples; i++) {
    const p = i % 2;
    const planned = plan(i, p, i, shape, snapshots);
    const ours = planned.grant.events[0]!;
    const data = ours.data as AuthorizationGranted['data'];
    const decided = bindingDecider.decide(
      {
        type: 'GrantAuthorizations',
        actor: { role: 'seller', sub: data.sellerId },
        now: data.grantedAt,
        bans: { partner: false, seller: false },
        partnerId: data.partnerId,
        sellerId: data.sellerId,
        market: data.market,
        settings: {},
        grants: [
          { serviceId: data.serviceId, service: snapshots[p]![i % 3]!, scopes: data.scopes, validityDays: data.validityDays, autoRenew: data.autoRenew },
        ],
      },
      bindingDecider.initialState(),
    );
    const theirs = decided[0]!;
    if (
      decided.length !== 1 ||
      theirs.type !== ours.type ||
      !isDeepStrictEqual(theirs.data, ours.data) ||
      JSON.stringify(theirs.data) !== JSON.stringify(ours.data)
    )
      throw new Error(
        `synthetic AuthorizationGranted differs from the domain's:\n ours   ${JSON.stringify(ours.data)}\n domain ${JSON.stringify(theirs.data)}`,
      );
  }
}

interface Planned {
  grant: AppendJob;
  /** A later event on the same binding, if any (appended after the next chunk's grants). */
  later?: AppendJob;
}

/** The i-th authorization: which partner, seller and service, when, and what happens to it later. */
function plan(i: number, p: number, k: number, shape: Shape, snapshots: PublishedService[][]): Planned {
  const rnd = random(i * 2_654_435_761 + 17);
  const s = (k * 7_919 + p * 104_729) % shape.sellers;
  const seller = sellerId(s);
  const market = marketOf(s);
  const service = snapshots[p]![k % shape.servicesPerPartner]!;
  const grantedAt = new Date(NOW_MS - Math.floor(rnd() * 200 * DAY_MS)).toISOString();
  const validityDays = [90, 180, 365, 365][Math.floor(rnd() * 4)]!;
  const binding = { partnerId: service.partnerId, sellerId: seller, market };
  const granted = grantedEvent(binding, { service, scopes: scopesFor(market, rnd(), grantedAt), validityDays, autoRenew: rnd() < 0.2 }, grantedAt).data;
  const stream = streams.binding(service.partnerId, seller);
  const sellerActor = { role: 'seller', sub: seller };
  const planned: Planned = { grant: { stream, expected: 'no_stream', events: [event('AuthorizationGranted', granted, sellerActor, grantedAt)] } };
  const { authorizationId, partnerId: partner, sellerId: sellerOf, serviceId: service_ } = granted;
  const ref: AuthorizationRef = { authorizationId, partnerId: partner, sellerId: sellerOf, serviceId: service_ };
  const expiresAt = granted.expiresAt;
  const r = rnd();
  const sometimeAfterGrant = () =>
    new Date(Math.min(Date.parse(expiresAt), NOW_MS) - Math.floor(rnd() * (Math.min(Date.parse(expiresAt), NOW_MS) - Date.parse(grantedAt)))).toISOString();
  let later: NewEvent | undefined;
  if (Date.parse(expiresAt) <= NOW_MS) {
    // Half of the lapsed ones have had their expiry event; the others show EXPIRED at read time.
    if (r < 0.5) later = event('AuthorizationExpired', { ...ref, endReason: 'EXPIRED', expiredAt: expiresAt }, { role: 'system', sub: 'expiry' }, expiresAt);
  } else if (r < 0.08) {
    const at = sometimeAfterGrant();
    later = event('AuthorizationCancelled', { ...ref, endReason: 'SELLER_CANCELLED', cancelledAt: at }, sellerActor, at);
  } else if (r < 0.11) {
    const at = sometimeAfterGrant();
    later = event(
      'AuthorizationDeactivated',
      { ...ref, endReason: 'ADMIN_DEACTIVATED', reason: 'policy review', deactivatedAt: at },
      { role: 'admin', sub: 'operator-1' },
      at,
    );
  } else if (r < 0.16) {
    const at = sometimeAfterGrant();
    later = event('AuthorizationRenewalRequested', { ...ref, requestedAt: at }, { role: 'partner', sub: partner }, at);
  }
  if (later) planned.later = { stream, expected: 0, events: [later] };
  return planned;
}

export interface HistoryOptions {
  /** How many authorizations to grant (stops earlier if maxEvents is reached). */
  authorizations: number;
  /** Stop after exactly this many events. */
  maxEvents?: number;
  /** The later events of a chunk follow the next chunk's grants. */
  chunk?: number;
}

/** The history, as appends in log order. */
export function* syntheticHistory(options: HistoryOptions): Generator<AppendJob> {
  assertShapedLikeTheDomain();
  const shape = shapeFor(options.authorizations);
  const budget = options.maxEvents ?? Number.POSITIVE_INFINITY;
  const chunk = options.chunk ?? 10_000;
  let emitted = 0;
  const snapshots: PublishedService[][] = [];
  for (let p = 0; p < shape.partners; p++) {
    snapshots.push([]);
    for (let j = 0; j < shape.servicesPerPartner; j++) {
      const facts = serviceFacts(p, j);
      snapshots[p]!.push({ ...facts, status: 'ACTIVE' });
      if (emitted >= budget) return;
      emitted++;
      yield {
        stream: streams.service(facts.serviceId),
        expected: 'no_stream',
        events: [event('ServicePublished', facts, { role: 'partner', sub: facts.partnerId }, facts.publishedAt)],
      };
    }
  }
  const perPartner = new Array<number>(shape.partners).fill(0);
  let others = 0;
  let pending: AppendJob[] = [];
  for (let i = 0; i < shape.authorizations; i++) {
    // partner-0 takes every 10th authorization; the others take turns.
    const p = i % 10 === 0 ? 0 : 1 + (others++ % (shape.partners - 1));
    const k = perPartner[p]!++;
    const planned = plan(i, p, k, shape, snapshots);
    if (emitted >= budget) return;
    emitted++;
    yield planned.grant;
    if (planned.later) pending.push(planned.later);
    if ((i + 1) % chunk === 0 || i === shape.authorizations - 1) {
      const due = pending;
      pending = [];
      for (const job of due) {
        if (emitted >= budget) return;
        emitted++;
        yield job;
      }
    }
  }
}
