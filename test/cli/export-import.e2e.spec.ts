// Export and import: a log exported and imported into an empty store is the same log, and the
// read models rebuilt from it equal the original's; a corrupted export is refused with its line
// number and imports nothing; a store that is not empty is refused.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authorizationIdOf, streams, upcastEvent } from '#libs/domain';
import { SqliteEventStore } from '#libs/event-store';
import { MemoryReadStore, PROJECTION_COLLECTIONS, PROJECTIONS, ProjectionRunner } from '#libs/read-models';
import { eventLogFile } from '../../apps/cli/src/args.js';
import { exportLog, openLogForExport } from '../../apps/cli/src/export.js';
import { importLog } from '../../apps/cli/src/import.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus, plusDays, T0 } from '../e2e/helpers.js';

const { partner, otherPartner, seller, otherSeller, euSeller, admin } = principals;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsp-export-'));
  dirs.push(dir);
  return dir;
};

/** Every read model rebuilt from the log under `dataDir`, read as the API reads it (upcast). */
async function rebuilt(dataDir: string) {
  const log = new SqliteEventStore({ file: eventLogFile(dataDir), upcast: upcastEvent });
  const store = new MemoryReadStore();
  const runner = new ProjectionRunner(log, store, PROJECTIONS, PROJECTION_COLLECTIONS, { batchSize: 500 });
  await runner.start();
  await runner.caughtUp;
  await runner.stop();
  await log.close();
  return store.snapshot();
}

async function rows(dataDir: string) {
  const log = new SqliteEventStore({ file: eventLogFile(dataDir) });
  const all = log.db.prepare('SELECT * FROM events ORDER BY position').all();
  await log.close();
  return all;
}

/** A history with every kind of step: grants, edits, renewals, cancellations, proposals, a ban's cascade, and a grant in the v1 shape. */
async function history(api: TestApi) {
  const ok = async (answer: Promise<{ status: number; text: string; body: any }>, status = 200) => {
    const got = await answer;
    expectStatus(got as never, status);
    return got.body;
  };
  const publish = (who = partner, name = 'Ads') =>
    ok(
      api.as(who).post('/v1/services', {
        name,
        visibility: 'PUBLIC',
        markets: ['US_L2L', 'EU'],
        requestedScopes: { authorizedObjects: ['SHOP', 'SHOP_AND_TIKTOK_ACCOUNT'], shopOperationTicket: true, dataCompass: true },
        validityDays: 60,
      }),
      201,
    );
  const ads = await publish();
  const reports = await publish(partner, 'Reports');
  const other = await publish(otherPartner, 'Other');
  const grant = (
    who: typeof seller,
    service: { linkCode: string; serviceId: string },
    scopes: Record<string, unknown> = { authorizedObject: 'SHOP', dataCompass: true },
  ) => ok(api.as(who).post('/v1/authorizations', { linkCode: service.linkCode, grants: [{ serviceId: service.serviceId, scopes }] }), 201);
  const a1 = (await grant(seller, ads)).authorizations[0].authorizationId;
  const a2 = (await grant(otherSeller, ads)).authorizations[0].authorizationId;
  await grant(euSeller, reports, { dataCompass: true });
  await grant(seller, other);
  api.clock.advanceDays(1);
  await ok(api.as(seller).patch(`/v1/authorizations/${a1}`, { scopes: { authorizedObject: 'SHOP_AND_TIKTOK_ACCOUNT', dataCompass: true }, autoRenew: true }));
  await ok(api.as(partner).post(`/v1/authorizations/${a2}/renewal-requests`), 201);
  await ok(api.as(otherSeller).post(`/v1/authorizations/${a2}/renew`));
  await ok(api.as(partner).post(`/v1/authorizations/${a1}/cancellation-requests`, { reason: 'Budget' }), 201);
  await ok(api.as(seller).post(`/v1/authorizations/${a1}/cancellation-requests/reject`, { reason: 'no' }));
  await ok(api.as(otherSeller).post(`/v1/authorizations/${a2}/cancel`, { reason: 'done' }));
  await ok(api.as(otherSeller).delete(`/v1/authorizations/${a2}`));
  const proposal = await ok(
    api.as(partner).post('/v1/proposals', {
      sellerId: 'shop-9',
      sellerMarket: 'US_L2L',
      services: [{ serviceId: reports.serviceId, scopes: { authorizedObject: 'SHOP' } }],
    }),
    201,
  );
  await ok(api.as({ role: 'seller', sub: 'shop-9', market: 'US_L2L' }).post(`/v1/proposals/${proposal.proposalId}/sign`), 201);
  await ok(api.as(admin).post(`/v1/admin/partners/${otherPartner.sub}/ban`, { reason: 'fraud' }));
  await api.settle();
  // A grant as a v1 build wrote it: exported as written, upcast when read on both sides.
  const grantedAt = plusDays(T0, -30);
  const data = {
    authorizationId: authorizationIdOf({ partnerId: partner.sub, sellerId: 'shop-v1', serviceId: ads.serviceId }),
    partnerId: partner.sub,
    sellerId: 'shop-v1',
    serviceId: ads.serviceId,
    serviceName: 'Ads',
    market: 'US_L2L',
    scopes: { authorizedObject: 'SHOP', shopOperationTicket: false, sellerCenterRoles: [], dataCompass: true },
    grantedAt,
    expiresAt: plusDays(grantedAt, 60),
  };
  await api.store.append(
    streams.binding(partner.sub, 'shop-v1'),
    [
      {
        eventId: randomUUID(),
        type: 'AuthorizationGranted',
        data,
        metadata: { actor: { role: 'seller', sub: 'shop-v1' }, correlationId: randomUUID(), causationId: null, occurredAt: grantedAt, schemaVersion: 1 },
      },
    ],
    'no_stream',
  );
}

describe('export and import', () => {
  const source = tempDir();
  const file = join(tempDir(), 'log.ndjson');
  let head = 0;

  beforeAll(async () => {
    const api = await startApi({ dataDir: source, now: T0, config: { processIntervalMs: 3_600_000 } });
    try {
      await history(api);
      head = Number(await api.store.headPosition());
    } finally {
      await api.close();
    }
    const log = openLogForExport({ dataDir: source });
    const result = await exportLog(log, 0n, file);
    await log.close();
    expect(result).toEqual({ events: head, firstPosition: 1n, lastPosition: BigInt(head) });
  }, 60_000);
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one event per line with its metadata, as it was written', () => {
    const lines = readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(head);
    expect(Object.keys(lines[0]).sort()).toEqual(['data', 'eventId', 'metadata', 'position', 'revision', 'streamName', 'type']);
    expect(lines.map((l) => l.position)).toEqual(lines.map((_, i) => String(i + 1)));
    expect(lines.at(-1)).toMatchObject({ type: 'AuthorizationGranted', metadata: { schemaVersion: 1 } });
    expect(lines.at(-1).data).not.toHaveProperty('validityDays');
    expect([...new Set(lines.map((l) => l.type))]).toEqual(
      expect.arrayContaining(['ProposalSigned', 'PartnerBanned', 'AuthorizationDeactivated', 'AuthorizationRemoved']),
    );
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('imported into an empty store gives the same log and read models equal to the original’s', async () => {
    const target = tempDir();
    const log = new SqliteEventStore({ file: eventLogFile(target) });
    const result = await importLog(log, file);
    await log.close();
    expect(result).toEqual({ events: head, firstPosition: 1n, lastPosition: BigInt(head) });
    expect(await rows(target)).toEqual(await rows(source));
    const [original, copy] = [await rebuilt(source), await rebuilt(target)];
    expect(original.authorizations!.length).toBeGreaterThan(4);
    expect(isDeepStrictEqual(copy, original)).toBe(true);

    const again = new SqliteEventStore({ file: eventLogFile(target) });
    await expect(importLog(again, file)).rejects.toThrow(`the event log is not empty (${head} events)`);
    await again.close();
  });

  it('exports from a position on (exclusive)', async () => {
    const partial = join(tempDir(), 'tail.ndjson');
    const log = openLogForExport({ dataDir: source });
    expect(await exportLog(log, 10n, partial)).toEqual({ events: head - 10, firstPosition: 11n, lastPosition: BigInt(head) });
    await log.close();
    expect(JSON.parse(readFileSync(partial, 'utf8').split('\n')[0]!).position).toBe('11');
  });

  const corruptions: Array<[string, (lines: string[]) => number, RegExp]> = [
    ['a line cut short', (lines) => ((lines[6] = lines[6]!.slice(0, 40)), 7), /^line 7: not valid JSON/m],
    ['a field missing', (lines) => edit(lines, 4, (e) => delete e.metadata.occurredAt), /^line 5: metadata\.occurredAt must be/m],
    ['a field of the wrong type', (lines) => edit(lines, 2, (e) => (e.revision = '0')), /^line 3: revision must be/m],
    [
      'a revision skipped',
      (lines) => edit(lines, 8, (e) => (e.revision += 1)),
      /^line 9: stream .* has revision \d+ where \d+ comes next|^line 9: stream .* starts at revision 1/m,
    ],
    ['a position out of order', (lines) => edit(lines, 11, (e) => (e.position = '3')), /^line 12: position 3 does not come after 11$/m],
    ['an event id twice', (lines) => edit(lines, 13, (e) => (e.eventId = JSON.parse(lines[3]!).eventId)), /^line 14: eventId .* is already on line 4$/m],
    ['a line that is not an object', (lines) => ((lines[5] = '[1,2]'), 6), /^line 6: not a JSON object$/m],
  ];

  function edit(lines: string[], index: number, change: (e: any) => unknown): number {
    const e = JSON.parse(lines[index]!);
    change(e);
    lines[index] = JSON.stringify(e);
    return index + 1;
  }

  it.each(corruptions)('a corrupted export (%s) is refused with its line number, and nothing is imported', async (_name, corrupt, message) => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const line = corrupt(lines);
    const bad = join(tempDir(), 'bad.ndjson');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const target = tempDir();
    const log = new SqliteEventStore({ file: eventLogFile(target) });
    const refusal = await importLog(log, bad).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(await log.headPosition()).toBe(0n);
    await log.close();
    expect(refusal).toMatch(message);
    expect(refusal).toContain(`line ${line}: `);
    expect(refusal).toMatch(/^refused, nothing imported/);
  });
});
