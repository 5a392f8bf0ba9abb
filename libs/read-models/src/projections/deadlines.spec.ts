// The deadlines projection derives its documents from each event and its own small document; the
// binding decider's state is the truth. Over random histories of several authorizations (of the
// events the decider can write: a grant first, a cancellation requested only while ACTIVE), the
// due-time documents must equal the deadlines read off evolveAuthorization's state after every
// event, applied one by one and through the runner's batches (which evolve copies in place).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, type AuthorizationEvent, type AuthorizationState, authorizationIdOf, evolveAuthorization, REMINDER_DAYS, reminderField } from '#libs/domain';
import type { StoredEvent } from '#libs/event-store';
import { MemoryReadStore } from '../memory/memory-read-store.js';
import type { ReadDocument } from '../port.js';
import { applyBatch } from '../runner.js';
import { type AuthorizationDeadlineDocument, authorizationDeadlinesProjection, DEADLINE_COLLECTIONS, evolveDeadline } from './deadlines.projection.js';

/** What the due-time index held before: the deadlines of the decider's state, with reminders by Date. */
function deadlinesOfState(a: AuthorizationState | undefined): AuthorizationDeadlineDocument | null {
  if (a?.status !== 'ACTIVE') return null;
  const doc: AuthorizationDeadlineDocument = {
    authorizationId: a.authorizationId,
    partnerId: a.partnerId,
    sellerId: a.sellerId,
    serviceId: a.serviceId,
    expiresAt: a.expiresAt,
  };
  for (const days of REMINDER_DAYS) {
    const at = addDays(a.expiresAt, -days);
    if (at > (a.renewedAt ?? a.grantedAt)) doc[reminderField(days)] = at;
  }
  if (a.cancellationRequest) doc.cancellationDueAt = a.cancellationRequest.dueAt;
  return doc;
}

const KINDS = [
  'grant',
  'renew',
  'autoRenew',
  'renewAtExpiry',
  'requestCancel',
  'rejectCancel',
  'cancel',
  'expire',
  'deactivate',
  'scopes',
  'autoRenewFlag',
  'renewalRequest',
  'remove',
] as const;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

const step = fc.record({
  who: fc.nat(2),
  kind: fc.constantFrom(...KINDS),
  hours: fc.integer({ min: 1, max: 24 * 120 }),
  days: fc.integer({ min: 1, max: 400 }),
  dueHours: fc.integer({ min: 1, max: 24 * 400 }),
});

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** Events the decider could write, with the state each authorization has after them. */
function history(steps: readonly Step[]): AuthorizationEvent[] {
  const states = new Map<number, AuthorizationState | undefined>();
  const out: AuthorizationEvent[] = [];
  let now = T0;
  for (const s of steps) {
    now += s.hours * 3_600_000;
    const ref = { partnerId: 'p-1', sellerId: `s-${s.who}`, serviceId: 'svc-1' };
    const ids = { authorizationId: authorizationIdOf(ref), ...ref };
    const state = states.get(s.who);
    const kind = state ? s.kind : 'grant';
    // The boundary the seller's renewal turns on: renewing at the very instant it expires.
    if (kind === 'renewAtExpiry' && state && Date.parse(state.expiresAt) > now) now = Date.parse(state.expiresAt);
    const later = (d: number) => at(now + d * 86_400_000);
    let event: AuthorizationEvent | undefined;
    if (kind === 'grant')
      event = {
        type: 'AuthorizationGranted',
        data: {
          ...ids,
          serviceName: 'S',
          market: 'EU',
          scopes: { dataCompass: true },
          validityDays: s.days,
          autoRenew: false,
          grantedAt: at(now),
          expiresAt: later(s.days),
        },
      } as AuthorizationEvent;
    else if (kind === 'renew' || kind === 'autoRenew' || kind === 'renewAtExpiry')
      event = { type: 'AuthorizationRenewed', data: { ...ids, renewedAt: at(now), expiresAt: later(s.days), autoRenewed: kind === 'autoRenew' } };
    else if (kind === 'requestCancel') {
      if (state?.status === 'ACTIVE')
        event = { type: 'AuthorizationCancellationRequested', data: { ...ids, reason: 'r', requestedAt: at(now), dueAt: at(now + s.dueHours * 3_600_000) } };
    } else if (kind === 'rejectCancel') event = { type: 'AuthorizationCancellationRejected', data: { ...ids, rejectedAt: at(now) } };
    else if (kind === 'cancel') event = { type: 'AuthorizationCancelled', data: { ...ids, endReason: 'SELLER_CANCELLED', cancelledAt: at(now) } };
    else if (kind === 'expire') event = { type: 'AuthorizationExpired', data: { ...ids, endReason: 'EXPIRED', expiredAt: at(now) } };
    else if (kind === 'deactivate') event = { type: 'AuthorizationDeactivated', data: { ...ids, endReason: 'ADMIN_DEACTIVATED', deactivatedAt: at(now) } };
    else if (kind === 'scopes')
      event = { type: 'AuthorizationScopesChanged', data: { ...ids, scopes: { dataCompass: false }, changedAt: at(now) } } as AuthorizationEvent;
    else if (kind === 'autoRenewFlag') event = { type: 'AuthorizationAutoRenewChanged', data: { ...ids, autoRenew: s.days % 2 === 0, changedAt: at(now) } };
    else if (kind === 'renewalRequest') event = { type: 'AuthorizationRenewalRequested', data: { ...ids, requestedAt: at(now) } };
    else event = { type: 'AuthorizationRemoved', data: { ...ids, removedAt: at(now) } };
    if (!event) continue;
    states.set(s.who, evolveAuthorization(state, event));
    out.push(event);
  }
  return out;
}

const stored = (events: readonly AuthorizationEvent[]): StoredEvent[] =>
  events.map(
    (e, i) =>
      ({ ...e, eventId: `e-${i}`, streamName: 'binding', revision: i, position: BigInt(i + 1), metadata: { occurredAt: '' } }) as unknown as StoredEvent,
  );
const plain = ({ _id, _position, ...doc }: ReadDocument) => doc;

describe('the deadlines projection, derived from events, against the decider state', () => {
  it('equals the deadlines of evolveAuthorization after every event', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const states = new Map<string, AuthorizationState | undefined>();
        const docs = new Map<string, AuthorizationDeadlineDocument | null>();
        for (const event of history(steps)) {
          const id = event.data.authorizationId;
          states.set(id, evolveAuthorization(states.get(id), event));
          const current = docs.get(id) ?? null;
          // In place: it is handed a copy, as the runner hands it one.
          docs.set(id, evolveDeadline(current && { ...current }, event));
          expect(docs.get(id)).toEqual(deadlinesOfState(states.get(id)));
        }
      }),
      { numRuns: 3_000 },
    );
  });

  it('equals them through the runner’s batches, never changing a stored document', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 20 }), (steps, cuts) => {
        const events = history(steps);
        const log = stored(events);
        const store = new MemoryReadStore();
        void store.ensureCollections([DEADLINE_COLLECTIONS.authorizations]);
        const name = DEADLINE_COLLECTIONS.authorizations.name;
        for (let from = 0, c = 0; from < log.length; c++) {
          const batch = log.slice(from, (from += cuts[c % cuts.length]!));
          const ids = [...new Set(batch.map((e) => (e.data as { authorizationId: string }).authorizationId))];
          // Frozen: an in-place evolve of a stored document (not a copy) would throw.
          const loaded = new Map([...store.loadSync(name, ids)].map(([id, doc]) => [id, Object.freeze(doc)]));
          store.commitSync(authorizationDeadlinesProjection.name, batch.at(-1)!.position, applyBatch(authorizationDeadlinesProjection, batch, loaded));
        }
        const states = new Map<string, AuthorizationState | undefined>();
        for (const e of events) states.set(e.data.authorizationId, evolveAuthorization(states.get(e.data.authorizationId), e));
        const expected = [...states.values()].map(deadlinesOfState).filter((d) => d !== null);
        const idOf = (d: object) => String((d as { authorizationId?: unknown }).authorizationId);
        const byId = (a: object, b: object) => (idOf(a) < idOf(b) ? -1 : 1);
        expect((store.snapshot()[name] ?? []).map(plain).sort(byId)).toEqual(expected.sort(byId));
      }),
      { numRuns: 1_000 },
    );
  });
});
