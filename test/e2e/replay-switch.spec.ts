// The switch under the replays: a switched projection is read from and committed to its new
// store while the others stay where they were; the old documents are dropped; and a replay that
// fails leaves the read models in use as they were.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SqliteEventStore } from '#libs/event-store';
import { ManualClock } from '#libs/platform';
import { type DocumentWrite, MemoryReadStore, PROJECTION_COLLECTIONS, PROJECTIONS, type Projection, type ReadDocument } from '#libs/read-models';
import { ReplayService } from '../../apps/api/src/read-side/replay.service.js';
import type { ReadProgress } from '../../libs/shell/src/read-side/read-side.keys.js';
import { isReadStoreSwitch, SwitchableMemoryReadStore } from '../../libs/shell/src/read-side/switchable-read-store.js';

const projection = (name: string) => PROJECTIONS.find((p) => p.name === name) as Projection;
const doc = (id: string, position: bigint, fields: Record<string, unknown>): DocumentWrite => ({
  collection: '',
  id,
  document: { _id: id, _position: position, ...fields } as ReadDocument,
});
const write = (collection: string, w: DocumentWrite): DocumentWrite => ({ ...w, collection });

describe('the switchable read store', () => {
  it('routes a switched projection to its new store, leaves the others, and drops the old documents', async () => {
    const store = new SwitchableMemoryReadStore();
    expect(isReadStoreSwitch(store)).toBe(true);
    await store.ensureCollections(PROJECTION_COLLECTIONS);
    await store.commit('authorizations', 5n, [write('authorizations', doc('a1', 5n, { partnerId: 'p1', status: 'OLD' }))]);
    await store.commit('services', 6n, [write('services', doc('s1', 6n, { partnerId: 'p1' }))]);

    const fresh = store.fresh();
    await fresh.ensureCollections(PROJECTION_COLLECTIONS.filter((c) => c.name === 'authorizations'));
    await fresh.commit('authorizations', 7n, [write('authorizations', doc('a1', 7n, { partnerId: 'p1', status: 'NEW' }))]);
    store.switchTo([projection('authorizations')], fresh);

    expect(store.generation).toBe(1);
    expect(await store.find('authorizations', { filter: { partnerId: 'p1' } })).toEqual([expect.objectContaining({ status: 'NEW' })]);
    expect(store.lastExamined).toBe(1);
    expect(await store.count('authorizations', { partnerId: 'p1' })).toBe(1);
    expect(await store.checkpoint('authorizations')).toBe(7n);
    expect(await store.checkpoint('services')).toBe(6n);
    expect((await store.load('services', ['s1'])).size).toBe(1);

    // The live projector's next commit lands in the new store; its document guard still holds.
    await store.commit('authorizations', 8n, [write('authorizations', doc('a2', 8n, { partnerId: 'p1', status: 'LIVE' }))]);
    expect((await fresh.load('authorizations', ['a1', 'a2'])).size).toBe(2);
    expect(store.snapshot().authorizations!.map((d) => d._id)).toEqual(['a1', 'a2']);
    expect(store.snapshot().services!.map((d) => d._id)).toEqual(['s1']);
    // What the old generation held is gone from it.
    expect(MemoryReadStore.prototype.snapshot.call(store).authorizations).toEqual([]);
  });
});

describe('a replay that fails', () => {
  it('is FAILED with the reason, and the read models in use do not change', async () => {
    const log = new SqliteEventStore({ file: ':memory:' });
    const metadata = {
      actor: { role: 'seller', sub: 'shop-1' },
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2026-03-01T10:00:00.000Z',
      schemaVersion: 2,
    };
    // Data a projection cannot read: the rebuild throws on it.
    await log.append('binding-broken', [{ eventId: randomUUID(), type: 'AuthorizationGranted', data: null, metadata }], 'no_stream');
    const store = new SwitchableMemoryReadStore();
    const live: ReadProgress = { position: () => 0n, waitFor: async () => true, caughtUp: () => true, whenCaughtUp: async () => undefined };
    const replays = new ReplayService(log, store, live, new ManualClock());
    const started = await replays.start('authorizations');
    let status = started;
    for (let i = 0; i < 200 && status.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      status = (await replays.status(started.replayId))!;
    }
    expect(status).toMatchObject({ status: 'FAILED', error: expect.any(String), finishedAt: expect.any(String) });
    expect(store.generation).toBe(0);
    // It no longer blocks the next one: services do not read the broken event, so this one switches.
    const next = await replays.start('services');
    for (let i = 0; i < 200 && (await replays.status(next.replayId))!.status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await replays.status(next.replayId)).toMatchObject({ status: 'SWITCHED', projections: ['services'] });
    expect(store.generation).toBe(1);
    await log.close();
  });
});
