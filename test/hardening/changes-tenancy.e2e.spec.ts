// No event of another tenant ever reaches a change stream: random interleavings of two partners'
// and two sellers' commands (publish, grant, renewal and cancellation requests, cancel, proposals,
// sign, webhooks, and an operator's deactivation) run two at a time through the API, while each
// principal's stream is open; then each stream holds exactly, in log order, the events an oracle
// reading only each event's data says it may see (test/changes/support/tenants.ts), and every
// change it carries names that principal.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { authorizationIdOf } from '#libs/domain';
import type { Principal } from '#libs/platform';
import { startApi, type TestApi } from '../support/app.js';
import { listen, openChanges, type SseStream } from '../changes/support/sse-client.js';
import { type Actions, actions, ADMIN, AUDITOR, expectedIds, P1, P2, S1, S2 } from '../changes/support/tenants.js';

const PARTNERS = [P1, P2];
const SELLERS = [S1, S2];

type Step =
  | { kind: 'grant' | 'requestRenewal' | 'requestCancellation' | 'cancel' | 'propose' | 'sign' | 'deactivate'; partner: number; seller: number }
  | { kind: 'publish' | 'subscribeWebhook'; partner: number; seller: number };

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom('grant', 'grant', 'requestRenewal', 'requestCancellation', 'cancel', 'propose', 'sign', 'deactivate', 'publish', 'subscribeWebhook'),
  partner: fc.integer({ min: 0, max: 1 }),
  seller: fc.integer({ min: 0, max: 1 }),
}) as fc.Arbitrary<Step>;

describe('change streams across tenants', () => {
  let api: TestApi;
  let base: string;
  let act: Actions;
  /** Each partner's services, newest last. */
  const services = new Map<string, { serviceId: string; linkCode: string }[]>();
  const proposals: { id: string; seller: Principal }[] = [];

  beforeAll(async () => {
    api = await startApi({ config: { webhookAllowHttp: true, webhookAllowPrivate: true } });
    base = await listen(api.app);
    act = actions(api);
    for (const p of PARTNERS) services.set(p.sub, [await act.publish(p)]);
  });
  afterAll(() => api?.close());

  const run = async (step: Step): Promise<void> => {
    const partner = PARTNERS[step.partner]!;
    const seller = SELLERS[step.seller]!;
    const service = services.get(partner.sub)!.at(-1)!;
    const authorizationId = authorizationIdOf({ partnerId: partner.sub, sellerId: seller.sub, serviceId: service.serviceId });
    switch (step.kind) {
      case 'publish':
        services.get(partner.sub)!.push(await act.publish(partner, `Service ${services.get(partner.sub)!.length}`));
        return;
      case 'grant':
        await act.grant(seller, service);
        return;
      case 'requestRenewal':
        await act.requestRenewal(partner, authorizationId);
        return;
      case 'requestCancellation':
        await act.requestCancellation(partner, authorizationId);
        return;
      case 'cancel':
        await act.cancel(seller, authorizationId);
        return;
      case 'propose': {
        const id = await act.propose(partner, seller, service.serviceId);
        if (id) proposals.push({ id, seller });
        return;
      }
      case 'sign': {
        const proposal = proposals.pop();
        if (proposal) await api.as(proposal.seller).post(`/v1/proposals/${proposal.id}/sign`);
        return;
      }
      case 'deactivate':
        await api.as(ADMIN).post(`/v1/admin/authorizations/${authorizationId}/deactivate`, { reason: 'audit' });
        return;
      case 'subscribeWebhook':
        await act.subscribeWebhook(partner);
        return;
    }
  };

  it('each stream carries exactly its own events, in order, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), fc.array(stepArb, { maxLength: 14 }), async (left, right) => {
        const from = await api.store.headPosition();
        const watchers = [...PARTNERS, ...SELLERS, AUDITOR];
        const opened: SseStream[] = await Promise.all(watchers.map((w) => openChanges(base, api.token(w), { query: `after=${from}` })));
        try {
          // Two clients at once: their commands interleave in the log.
          await Promise.all(
            [left, right].map(async (steps) => {
              for (const step of steps) await run(step);
            }),
          );
          await api.settle();
          for (const [i, watcher] of watchers.entries()) {
            const stream = opened[i]!;
            const expected = await expectedIds(api, watcher, from);
            await stream.until((s) => s.events.length >= expected.length);
            expect([watcher.sub, stream.events.map((e) => e.id)]).toEqual([watcher.sub, expected]);
            const key = watcher.role === 'partner' ? 'partnerId' : watcher.role === 'seller' ? 'sellerId' : undefined;
            if (key) expect(stream.events.filter((e) => e.data.ids[key] !== watcher.sub)).toEqual([]);
          }
          // The tenants' streams together are the log's product events, none of them twice.
          const partnersSeen = opened.slice(0, 2).flatMap((s) => s.events.map((e) => e.id));
          expect(new Set(partnersSeen).size).toBe(partnersSeen.length);
        } finally {
          opened.forEach((s) => s.close());
        }
      }),
      { numRuns: 15 },
    );
  });
});
