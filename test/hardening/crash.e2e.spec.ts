// The server killed with SIGKILL while 32 clients write (grants, edits, cancels), then started
// again on the same DATA_DIR: every acknowledged command's event is in the log, every
// acknowledged answer is replayed for its Idempotency-Key (appending nothing), and the read models
// the server answers from equal a fresh rebuild from the log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upcastEvent } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import type { Principal } from '#libs/platform';
import { MemoryReadStore, myServicePage, PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner, sellerManagementPage } from '#libs/read-models';
import { allEvents } from '../support/seed.js';
import { call, type ChildServer, ensureBuilt, startChildServer } from './support/child-server.js';
import { L2L_SCOPES, SERVICE } from './support/world.js';

const WRITERS = 32;
const PARTNER: Principal = { role: 'partner', sub: 'crash-partner' };
const sellerOf = (i: number): Principal => ({ role: 'seller', sub: `crash-shop-${i}`, market: 'US_L2L' });

interface Ack {
  kind: 'grant' | 'edit' | 'cancel';
  who: Principal;
  method: string;
  path: string;
  body: unknown;
  key: string;
  status: number;
  answer: unknown;
  position: number;
  authorizationId: string;
}

const EVENT_OF: Record<Ack['kind'], string> = { grant: 'AuthorizationGranted', edit: 'AuthorizationAutoRenewChanged', cancel: 'AuthorizationCancelled' };

describe('SIGKILL during 32 concurrent writers', () => {
  let dataDir: string;
  let server: ChildServer & { secret: string };
  const services: Array<{ serviceId: string; linkCode: string }> = [];
  const acks: Ack[] = [];
  let unanswered = 0;

  /** One client: grant a service, turn auto-renew on, cancel; the next service; round again (granting a cancelled one re-activates it). */
  async function writer(i: number, rounds: number, among = services): Promise<void> {
    const who = sellerOf(i);
    for (let round = 0; round < rounds; round++) {
      const service = among[(i + round) % among.length]!;
      const id = await send(who, 'grant', 'POST', '/v1/authorizations', {
        linkCode: service.linkCode,
        grants: [{ serviceId: service.serviceId, scopes: L2L_SCOPES }],
      });
      if (!id) return;
      if (!(await send(who, 'edit', 'PATCH', `/v1/authorizations/${id}`, { autoRenew: true }, id))) return;
      if (!(await send(who, 'cancel', 'POST', `/v1/authorizations/${id}/cancel`, { reason: `round ${round}` }, id))) return;
    }
  }

  /** The authorization id once acknowledged; undefined when the server is gone. */
  async function send(who: Principal, kind: Ack['kind'], method: string, path: string, body: unknown, id?: string): Promise<string | undefined> {
    const key = `${who.sub}-${acks.length}-${Math.random().toString(36).slice(2)}`;
    let reply;
    try {
      reply = await call(server, method, path, who, body, { 'Idempotency-Key': key });
    } catch {
      unanswered += 1;
      return undefined;
    }
    if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    const authorizationId = id ?? reply.body.authorizations[0].authorizationId;
    acks.push({
      kind,
      who,
      method,
      path,
      body,
      key,
      status: reply.status,
      answer: reply.body,
      position: Number(reply.headers.get('x-event-position')),
      authorizationId,
    });
    return authorizationId;
  }

  beforeAll(async () => {
    ensureBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'tsp-crash-'));
    server = await startChildServer(dataDir);
    for (let i = 0; i < 4; i++) {
      const published = await call(server, 'POST', '/v1/services', PARTNER, { ...SERVICE, name: `Crash ${i}` });
      expect(published.status).toBe(201);
      services.push(published.body);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged command, replays every acknowledged answer, and serves read models equal to a rebuild', async () => {
    const started = Date.now();
    const killAt = () => acks.length >= 600 || Date.now() - started > 3_000;
    const writers = Array.from({ length: WRITERS }, (_, i) => writer(i, Infinity));
    while (!killAt()) await new Promise((r) => setTimeout(r, 10));
    await server.kill();
    await Promise.all(writers);
    expect(unanswered).toBe(WRITERS);
    const acknowledged = [...acks];

    server = await startChildServer(dataDir, server.secret);
    const head = async () => BigInt(((await fetch(`${server.url}/health/ready`).then((r) => r.json())) as { head: string }).head);
    const headAfterRestart = await head();
    expect(headAfterRestart).toBeGreaterThanOrEqual(BigInt(Math.max(...acknowledged.map((a) => a.position))));

    // Every acknowledged answer is kept with its key: a retry gets it again and appends nothing.
    for (let i = 0; i < acknowledged.length; i += 64)
      await Promise.all(
        acknowledged.slice(i, i + 64).map(async (ack) => {
          const again = await call(server, ack.method, ack.path, ack.who, ack.body, { 'Idempotency-Key': ack.key });
          expect([again.status, again.body, again.headers.get('idempotent-replayed')]).toEqual([ack.status, ack.answer, 'true']);
        }),
      );
    expect(await head()).toBe(headAfterRestart);

    // A round more after the restart, on a new service, so that the read models also hold events applied live.
    const after = await call(server, 'POST', '/v1/services', PARTNER, { ...SERVICE, name: 'After the crash' });
    expect(after.status).toBe(201);
    await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i, 1, [after.body])));
    const pages = {
      sellers: await Promise.all(
        Array.from({ length: WRITERS }, (_, i) => call(server, 'GET', '/v1/seller/services?pageSize=100', sellerOf(i)).then((r) => r.body)),
      ),
      partner: await Promise.all([1, 2].map((page) => call(server, 'GET', `/v1/partner/sellers?pageSize=100&page=${page}`, PARTNER).then((r) => r.body))),
    };
    await server.stop();

    const store = new SqliteEventStore({ file: join(dataDir, 'events.db'), upcast: upcastEvent });
    try {
      const log = await allEvents(store);
      const byPosition = new Map(log.map((e) => [Number(e.position), e]));
      expect(byPosition.size).toBe(log.length);
      for (const ack of acknowledged) {
        const event = byPosition.get(ack.position);
        expect([ack.kind, event?.type, (event?.data as { authorizationId?: string })?.authorizationId]).toEqual([
          ack.kind,
          EVENT_OF[ack.kind],
          ack.authorizationId,
        ]);
      }

      const rebuilt = new MemoryReadStore();
      const runner = new ProjectionRunner(store, rebuilt, PROJECTIONS, PROJECTION_COLLECTIONS);
      await runner.start();
      await runner.caughtUp;
      await runner.stop();
      const now = new Date().toISOString();
      const json = (value: unknown) => JSON.parse(JSON.stringify(value));
      for (let i = 0; i < WRITERS; i++) expect(pages.sellers[i]).toEqual(json(await myServicePage(rebuilt, sellerOf(i).sub, 'US_L2L', { pageSize: 100 }, now)));
      for (const [n, page] of pages.partner.entries())
        expect(page).toEqual(json(await sellerManagementPage(rebuilt, PARTNER.sub, { page: n + 1, pageSize: 100 }, now)));
      const authorizations = new Set(log.filter((e) => e.type === 'AuthorizationGranted').map((e) => (e.data as { authorizationId: string }).authorizationId));
      expect(pages.partner[0].total).toBe(authorizations.size);
    } finally {
      await store.close();
    }
  }, 120_000);
});
