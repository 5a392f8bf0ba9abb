// Exactly once across crashes. Every kind of command that appends is sent, with an
// Idempotency-Key, to a server that kills itself (SIGKILL) right after that command's append,
// before its answer is kept or sent (TEST_CRASH_AFTER_APPEND_KEYS, the test-only fault: each
// listed command is held after its append, and the process dies once all have appended, so one
// restart serves every kind). The server is started again on the same DATA_DIR a minute later
// (the dead claims have lapsed), and each request is sent again with its key and body. The log
// must answer it: one effect (no second service, no second renewal), every event of it carrying
// the command's key, and the answer a clean run of the same command gives (status, shape, the ids
// it made, the position of its last event, the view as it stood then); a second retry is answered
// by the idempotency store, the same again.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upcastEvent } from '#libs/domain';
import { SqliteEventStore, type StoredEvent } from '#libs/event-store';
import type { Principal } from '#libs/platform';
import { commandKeyOf, fingerprintOf, scopeOf } from '../../apps/api/src/idempotency/request-key.js';
import { SecretSealer } from '../../libs/shell/src/webhooks/secrets.js';
import { allEvents } from '../support/seed.js';
import { call, type ChildServer, ensureBuilt, type Reply, startChildServer } from './support/child-server.js';
import { L2L_SCOPES, SERVICE } from './support/world.js';

const PARTNER: Principal = { role: 'partner', sub: 'once-partner' };
const ADMIN: Principal = { role: 'admin', sub: 'once-operator' };
const AUDITOR: Principal = { role: 'auditor', sub: 'once-auditor' };
const ALLOW_LOCAL_HOOKS = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' };

interface Request {
  who: Principal;
  method: string;
  path: string;
  body?: unknown;
}

/** The events an answer is made of, as the audit route shows them. */
interface Seen {
  position: string;
  type: string;
  data: any;
  metadata: { occurredAt: string };
}

interface Prepared {
  request: Request;
  /** Whether an event of the log is part of this command's effect. */
  effect: (e: { type: string; data: any }) => boolean;
  /** How many events the effect is. */
  effects: number;
  /** How many of them the first run appended before the crash: all, but for a request of several commands. */
  beforeCrash?: number;
}

interface Kind {
  name: string;
  /** Makes what the command needs, by clean commands; `n` tells the crashed command (0) from its clean twin (1). */
  prepare(server: ChildServer, n: number): Promise<Prepared>;
  /** Ids the command made, from its answer, that its events must name. */
  ids?: (answer: any) => string[];
}

async function ok(reply: Promise<Reply>, status: number): Promise<any> {
  const got = await reply;
  if (got.status !== status) throw new Error(`expected ${status}, got ${got.status}: ${JSON.stringify(got.body)}`);
  return got.body;
}

const shop = (name: string, n: number): Principal => ({ role: 'seller', sub: `once-${name}-${n}`, market: 'US_L2L' });
const is = (type: string, field: string, value: unknown) => (e: { type: string; data: any }) => e.type === type && e.data[field] === value;

describe('a crash between the append and the answer, for every command kind', () => {
  let dataDir: string;
  let server: ChildServer & { secret: string };
  const services: Array<{ serviceId: string; linkCode: string }> = [];

  const grant = async (seller: Principal, ...which: number[]): Promise<string[]> => {
    const grants = (which.length ? which : [0]).map((i) => ({ serviceId: services[i]!.serviceId, scopes: L2L_SCOPES }));
    const body = await ok(call(server, 'POST', '/v1/authorizations', seller, { linkCode: services[0]!.linkCode, grants }), 201);
    return body.authorizations.map((a: { authorizationId: string }) => a.authorizationId);
  };
  /** An ACTIVE authorization of its own seller, and that seller. */
  const granted = async (name: string, n: number) => {
    const seller = shop(name, n);
    const [id] = await grant(seller);
    return { seller, id: id! };
  };
  const proposal = async (name: string, n: number) => {
    const seller = shop(name, n);
    const body = { sellerId: seller.sub, sellerMarket: 'US_L2L', services: [{ serviceId: services[0]!.serviceId, scopes: L2L_SCOPES }] };
    const { proposalId } = await ok(call(server, 'POST', '/v1/proposals', PARTNER, body), 201);
    return { seller, proposalId: proposalId as string };
  };
  const webhook = async (name: string, n: number) =>
    (await ok(call(server, 'POST', '/v1/webhooks', PARTNER, { url: `http://127.0.0.1:9/${name}-${n}` }), 201)).webhookId as string;
  const one = (request: Request, effect: Prepared['effect'], effects = 1): Prepared => ({ request, effect, effects });

  const KINDS: Kind[] = [
    {
      name: 'publish',
      prepare: async (_, n) =>
        one({ who: PARTNER, method: 'POST', path: '/v1/services', body: { ...SERVICE, name: `Once ${n}` } }, is('ServicePublished', 'name', `Once ${n}`)),
      ids: (a) => [a.serviceId],
    },
    {
      name: 'deactivate a service',
      prepare: async (_, n) => {
        const { serviceId } = await ok(call(server, 'POST', '/v1/services', PARTNER, { ...SERVICE, name: `To deactivate ${n}` }), 201);
        return one(
          { who: PARTNER, method: 'POST', path: `/v1/services/${serviceId}/deactivate`, body: { reason: 'retired' } },
          is('ServiceDeactivated', 'serviceId', serviceId),
        );
      },
    },
    {
      name: 'grant',
      prepare: async (_, n) => {
        const seller = shop('grant', n);
        const body = { linkCode: services[0]!.linkCode, grants: [{ serviceId: services[0]!.serviceId, scopes: L2L_SCOPES }] };
        return one({ who: seller, method: 'POST', path: '/v1/authorizations', body }, is('AuthorizationGranted', 'sellerId', seller.sub));
      },
      ids: (a) => a.authorizations.map((x: { authorizationId: string }) => x.authorizationId),
    },
    {
      name: 'edit',
      prepare: async (_, n) => {
        const { seller, id } = await granted('edit', n);
        return one(
          { who: seller, method: 'PATCH', path: `/v1/authorizations/${id}`, body: { autoRenew: true } },
          is('AuthorizationAutoRenewChanged', 'authorizationId', id),
        );
      },
    },
    {
      name: 'renew',
      prepare: async (_, n) => {
        const { seller, id } = await granted('renew', n);
        return one({ who: seller, method: 'POST', path: `/v1/authorizations/${id}/renew` }, is('AuthorizationRenewed', 'authorizationId', id));
      },
    },
    {
      name: 'cancel',
      prepare: async (_, n) => {
        const { seller, id } = await granted('cancel', n);
        return one(
          { who: seller, method: 'POST', path: `/v1/authorizations/${id}/cancel`, body: { reason: 'done' } },
          is('AuthorizationCancelled', 'authorizationId', id),
        );
      },
    },
    {
      name: 'cancellation request',
      prepare: async (_, n) => {
        const { id } = await granted('ask-cancel', n);
        const request = { who: PARTNER, method: 'POST', path: `/v1/authorizations/${id}/cancellation-requests`, body: { reason: 'we stop' } };
        return one(request, is('AuthorizationCancellationRequested', 'authorizationId', id));
      },
    },
    ...(['approve', 'reject'] as const).map((answer): Kind => ({
      name: `cancellation request: ${answer}`,
      prepare: async (_, n) => {
        const { seller, id } = await granted(answer, n);
        await ok(call(server, 'POST', `/v1/authorizations/${id}/cancellation-requests`, PARTNER, { reason: 'we stop' }), 201);
        const path = `/v1/authorizations/${id}/cancellation-requests/${answer}`;
        return answer === 'approve'
          ? one({ who: seller, method: 'POST', path }, is('AuthorizationCancelled', 'authorizationId', id))
          : one({ who: seller, method: 'POST', path, body: { reason: 'stay' } }, is('AuthorizationCancellationRejected', 'authorizationId', id));
      },
    })),
    {
      name: 'remove',
      prepare: async (_, n) => {
        const { seller, id } = await granted('remove', n);
        await ok(call(server, 'POST', `/v1/authorizations/${id}/cancel`, seller, {}), 200);
        return one({ who: seller, method: 'DELETE', path: `/v1/authorizations/${id}` }, is('AuthorizationRemoved', 'authorizationId', id));
      },
    },
    {
      name: 'renewal request',
      prepare: async (_, n) => {
        const { id } = await granted('ask-renew', n);
        return one(
          { who: PARTNER, method: 'POST', path: `/v1/authorizations/${id}/renewal-requests` },
          is('AuthorizationRenewalRequested', 'authorizationId', id),
        );
      },
    },
    {
      // Three requests, two of them on one binding: the crash comes after the first append, so the retry makes the other two.
      name: 'renewal requests in bulk',
      prepare: async (_, n) => {
        const ids = [...(await grant(shop('bulk', n), 0, 1)), ...(await grant(shop('bulk-other', n)))];
        const request = { who: PARTNER, method: 'POST', path: '/v1/partner/renewal-requests', body: { authorizationIds: ids } };
        return { ...one(request, (e) => e.type === 'AuthorizationRenewalRequested' && ids.includes(e.data.authorizationId), 3), beforeCrash: 1 };
      },
    },
    {
      name: 'proposal: create',
      prepare: async (_, n) => {
        const seller = shop('propose', n);
        const body = { sellerId: seller.sub, sellerMarket: 'US_L2L', services: [{ serviceId: services[0]!.serviceId, scopes: L2L_SCOPES }] };
        return one({ who: PARTNER, method: 'POST', path: '/v1/proposals', body }, is('ProposalCreated', 'sellerId', seller.sub));
      },
      ids: (a) => [a.proposalId],
    },
    {
      name: 'proposal: withdraw',
      prepare: async (_, n) => {
        const { proposalId } = await proposal('withdraw', n);
        return one({ who: PARTNER, method: 'POST', path: `/v1/proposals/${proposalId}/withdraw` }, is('ProposalWithdrawn', 'proposalId', proposalId));
      },
    },
    {
      name: 'proposal: sign',
      prepare: async (_, n) => {
        const { seller, proposalId } = await proposal('sign', n);
        const effect = (e: { type: string; data: any }) =>
          is('ProposalSigned', 'proposalId', proposalId)(e) || is('AuthorizationGranted', 'sellerId', seller.sub)(e);
        return one({ who: seller, method: 'POST', path: `/v1/proposals/${proposalId}/sign` }, effect, 2);
      },
      ids: (a) => a.authorizations.map((x: { authorizationId: string }) => x.authorizationId),
    },
    {
      name: 'proposal: decline',
      prepare: async (_, n) => {
        const { seller, proposalId } = await proposal('decline', n);
        return one(
          { who: seller, method: 'POST', path: `/v1/proposals/${proposalId}/decline`, body: { reason: 'no thanks' } },
          is('ProposalDeclined', 'proposalId', proposalId),
        );
      },
    },
    {
      name: 'webhook: subscribe',
      prepare: async (_, n) => {
        const url = `http://127.0.0.1:9/subscribe-${n}`;
        return one({ who: PARTNER, method: 'POST', path: '/v1/webhooks', body: { url } }, is('WebhookSubscribed', 'url', url));
      },
      ids: (a) => [a.webhookId],
    },
    {
      name: 'webhook: unsubscribe',
      prepare: async (_, n) => {
        const webhookId = await webhook('unsubscribe', n);
        return one({ who: PARTNER, method: 'DELETE', path: `/v1/webhooks/${webhookId}` }, is('WebhookUnsubscribed', 'webhookId', webhookId));
      },
    },
    {
      name: 'webhook: rotate the secret',
      prepare: async (_, n) => {
        const webhookId = await webhook('rotate', n);
        return one({ who: PARTNER, method: 'POST', path: `/v1/webhooks/${webhookId}/secret-rotations` }, is('WebhookSecretRotated', 'webhookId', webhookId));
      },
    },
    {
      name: 'admin: ban a partner',
      prepare: async (_, n) =>
        one(
          { who: ADMIN, method: 'POST', path: `/v1/admin/partners/once-banned-partner-${n}/ban`, body: { reason: 'fraud' } },
          is('PartnerBanned', 'partnerId', `once-banned-partner-${n}`),
        ),
    },
    {
      name: 'admin: ban a seller',
      prepare: async (_, n) =>
        one(
          { who: ADMIN, method: 'POST', path: `/v1/admin/sellers/once-banned-shop-${n}/ban`, body: { reason: 'fraud' } },
          is('SellerBanned', 'sellerId', `once-banned-shop-${n}`),
        ),
    },
    {
      name: 'admin: deactivate an authorization',
      prepare: async (_, n) => {
        const { id } = await granted('admin-deactivate', n);
        return one(
          { who: ADMIN, method: 'POST', path: `/v1/admin/authorizations/${id}/deactivate`, body: { reason: 'policy' } },
          is('AuthorizationDeactivated', 'authorizationId', id),
        );
      },
    },
  ];

  const keys = new Map(KINDS.map((k) => [k.name, `once-${randomUUID()}`]));
  const crashed = new Map<string, Prepared>();
  const clean = new Map<string, Reply>();
  const retried = new Map<string, Reply>();
  let preparedHead = 0n;
  let restartHead = 0n;
  let seen: Seen[] = [];

  const send = (s: ChildServer, { who, method, path, body }: Request, key: string) => call(s, method, path, who, body, { 'Idempotency-Key': key });
  const head = async () => BigInt(((await fetch(`${server.url}/health/ready`).then((r) => r.json())) as { head: string }).head);

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'tsp-once-'));
    server = await startChildServer(dataDir, undefined, { ...ALLOW_LOCAL_HOOKS, NODE_ENV: 'test', TEST_CRASH_AFTER_APPEND_KEYS: [...keys.values()].join(',') });
    for (const name of ['Once main', 'Once second']) services.push(await ok(call(server, 'POST', '/v1/services', PARTNER, { ...SERVICE, name }), 201));
    // What each crashed command needs, and a clean twin of it (the answer a first run gives).
    for (const kind of KINDS) {
      crashed.set(kind.name, await kind.prepare(server, 0));
      const twin = await kind.prepare(server, 1);
      clean.set(kind.name, await send(server, twin.request, `twin-${randomUUID()}`));
    }
    preparedHead = await head();

    // Every crashed command at once: each is held after its append, and the last append kills the process.
    const answers = await Promise.allSettled(KINDS.map((kind) => send(server, crashed.get(kind.name)!.request, keys.get(kind.name)!)));
    expect(await server.ended()).toBe('SIGKILL');
    expect(answers.filter((a) => a.status === 'fulfilled').map((a) => (a as PromiseFulfilledResult<Reply>).value.status)).toEqual([]);

    // A minute later by the product's clock: the dead process's claims (30 s) have lapsed.
    server = await startChildServer(dataDir, server.secret, { ...ALLOW_LOCAL_HOOKS, CLOCK_OFFSET_MS: '60000' });
    restartHead = await head();
    for (const kind of KINDS) retried.set(kind.name, await send(server, crashed.get(kind.name)!.request, keys.get(kind.name)!));
    seen = (await ok(call(server, 'GET', `/v1/audit/events?fromPosition=${preparedHead}&limit=1000`, AUDITOR), 200)).events;
  }, 180_000);

  afterAll(async () => {
    await server?.kill();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The command's events: its effect, after the preparations. */
  const effectOf = (kind: Kind) => seen.filter((e) => crashed.get(kind.name)!.effect(e));
  /** Keys and the types of values, recursively: the shape of an answer. */
  const shape = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(shape)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
        : typeof value;

  it.each(KINDS.map((k) => [k.name, k] as const))('%s: one effect, and the answer a clean run gives', async (_, kind) => {
    const retry = retried.get(kind.name)!;
    const twin = clean.get(kind.name)!;
    const effect = effectOf(kind);
    expect(effect.map((e) => e.type)).toHaveLength(crashed.get(kind.name)!.effects);
    expect(BigInt(effect[0]!.position)).toBeGreaterThan(preparedHead);
    // The first run appended before the crash; the retry appended only what the first run had not reached.
    const { effects, beforeCrash = effects } = crashed.get(kind.name)!;
    expect(effect.filter((e) => BigInt(e.position) <= restartHead)).toHaveLength(beforeCrash);

    expect(retry.status).toBe(twin.status);
    expect(shape(retry.body)).toEqual(shape(twin.body));
    // The position of the command's last event, in the body and the header.
    const last = effect[effect.length - 1]!;
    expect(retry.body.position).toBe(last.position);
    expect(retry.headers.get('x-event-position')).toBe(last.position);
    expect(retry.headers.has('etag')).toBe(twin.headers.has('etag'));
    for (const id of kind.ids?.(retry.body) ?? []) expect(JSON.stringify(effect.map((e) => e.data))).toContain(JSON.stringify(id));
    if (kind.name === 'renewal requests in bulk') expect([retry.body.requested, twin.body.requested]).toEqual([3, 3]);
    // An authorization answered as it stood after the command, at the command's time.
    if (retry.body.authorization) {
      const id = retry.body.authorization.authorizationId;
      const then = await ok(call(server, 'GET', `/v1/audit/authorizations/${id}/state?asOf=${encodeURIComponent(last.metadata.occurredAt)}`, AUDITOR), 200);
      expect(retry.body.authorization).toEqual(then);
      expect(retry.headers.get('etag')).toBe(`"${then.revision}"`);
    }

    // The next retry is the idempotency store's: the same answer, marked, nothing appended.
    const before = await head();
    const again = await send(server, crashed.get(kind.name)!.request, keys.get(kind.name)!);
    expect([again.status, again.body, again.headers.get('idempotent-replayed'), again.headers.get('x-event-position')]).toEqual([
      retry.status,
      retry.body,
      'true',
      retry.headers.get('x-event-position'),
    ]);
    expect(await head()).toBe(before);
  });

  it("a webhook's secret answered again after the crash is the one sealed in the log", async () => {
    const sealer = new SecretSealer(undefined, server.secret);
    for (const name of ['webhook: subscribe', 'webhook: rotate the secret']) {
      const [event] = effectOf(KINDS.find((k) => k.name === name)!);
      const { secret } = retried.get(name)!.body;
      expect(secret).toMatch(/^whsec_/);
      expect(event!.data.sealedSecret).toBe('[REDACTED]');
      expect(secret).toBe(await openedFromLog(event!.position, sealer, event!.data.webhookId));
    }
  });

  async function openedFromLog(position: string, sealer: SecretSealer, webhookId: string): Promise<string> {
    const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), upcast: upcastEvent });
    try {
      const [event] = await store.readAll({ fromPosition: BigInt(position) - 1n, limit: 1 });
      return sealer.unseal((event!.data as { sealedSecret: string }).sealedSecret, webhookId);
    } finally {
      await store.close();
    }
  }

  it("every event of a command carries its key, hashed with the principal and the request, never the client's key", async () => {
    await server.stop();
    const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), upcast: upcastEvent });
    let log: StoredEvent[];
    try {
      log = await allEvents(store);
    } finally {
      await store.close();
    }
    for (const kind of KINDS) {
      const { request } = crashed.get(kind.name)!;
      const key = commandKeyOf(scopeOf(request.who), keys.get(kind.name)!, fingerprintOf(request.method, request.path, request.body));
      const keyed = log.filter((e) => e.metadata.idempotencyKey === key || e.metadata.idempotencyKey?.startsWith(`${key}/`));
      expect([kind.name, keyed.map((e) => String(e.position))]).toEqual([kind.name, effectOf(kind).map((e) => e.position)]);
    }
    const metadata = JSON.stringify(log.map((e) => e.metadata));
    for (const key of keys.values()) expect(metadata).not.toContain(key);
  });
});
