// Events another process appends (another API instance, the projector's processes) reach the
// streams of this one: its single subscription follows the log file, not only its own commits.
// On EventStoreDB the same subscription port is served by a catch-up subscription.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { authorizationIdOf, streams } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import { startApi, type TestApi } from '../support/app.js';
import { allEvents } from '../support/seed.js';
import { EVENT_LOG_FILE } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { listen, openChanges } from './support/sse-client.js';
import { AUDITOR, P1, P2 } from './support/tenants.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tsp-changes-writers-'));
let api: TestApi;
let other: SqliteEventStore;

beforeAll(async () => {
  api = await startApi({ dataDir });
  other = new SqliteEventStore({ file: join(dataDir, EVENT_LOG_FILE) });
});
afterAll(async () => {
  await api?.close();
  await other?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const renewalRequested = (partnerId: string, sellerId: string, serviceId: string) => ({
  eventId: randomUUID(),
  type: 'AuthorizationRenewalRequested',
  data: { authorizationId: authorizationIdOf({ partnerId, sellerId, serviceId }), partnerId, sellerId, serviceId, requestedAt: '2026-03-01T10:00:00.000Z' },
  metadata: {
    actor: { role: 'partner', sub: partnerId },
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: '2026-03-01T10:00:00.000Z',
    schemaVersion: 1,
  },
});

it("carries, in order, what another process appends to the log, each to its own tenant's stream only", async () => {
  const base = await listen(api.app);
  const from = await api.store.headPosition();
  const [auditor, p1, p2] = await Promise.all([AUDITOR, P1, P2].map((p) => openChanges(base, api.token(p))));
  for (let i = 0; i < 5; i++) {
    await other.append(streams.binding('partner-1', `shop-${i}`), [renewalRequested('partner-1', `shop-${i}`, 'svc_a')], 'any');
    await other.append(
      streams.binding('partner-2', `shop-${i}`),
      [renewalRequested('partner-2', `shop-${i}`, 'svc_b'), renewalRequested('partner-2', `shop-${i}`, 'svc_c')],
      'any',
    );
  }
  const appended = (await allEvents(other)).filter((e) => e.position > from);
  expect(appended).toHaveLength(15);
  await auditor.until((s) => s.events.length >= 15);
  await p1.until((s) => s.events.length >= 5);
  await p2.until((s) => s.events.length >= 10);
  expect(auditor.events.map((e) => e.id)).toEqual(appended.map((e) => String(e.position)));
  expect(p1.events.map((e) => e.id)).toEqual(
    appended.filter((e) => (e.data as { partnerId: string }).partnerId === 'partner-1').map((e) => String(e.position)),
  );
  expect(p2.events.map((e) => e.id)).toEqual(
    appended.filter((e) => (e.data as { partnerId: string }).partnerId === 'partner-2').map((e) => String(e.position)),
  );
  [auditor, p1, p2].forEach((s) => s.close());
});
