// The lease's fencing rules as pure functions, and the MongoDB filters that enforce them checked
// against those rules with mingo (which evaluates the same filter documents MongoDB does).
import { describe, expect, it, jest } from '@jest/globals';
import { Query } from 'mingo';
import { fakeTimersInEachTest } from '../../../../test/support/fake-timers.js';
import { acquireFilter, acquireUpdate, afterAcquire, canAcquire, type Fence, holderFilter, holds, type LeaseDocument, LeaseKeeper } from './lease.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const lease = (owner: string, expiresInMs: number, token: number): LeaseDocument => ({ _id: 'authorizations', owner, expiresAt: at(expiresInMs), token });

describe('acquiring', () => {
  it('is possible when free, expired, or already ours; not while another holds it', () => {
    expect(canAcquire(null, 'a', T0)).toBe(true);
    expect(canAcquire(lease('b', -1, 3), 'a', T0)).toBe(true);
    expect(canAcquire(lease('b', 0, 3), 'a', T0)).toBe(true);
    expect(canAcquire(lease('a', 5_000, 3), 'a', T0)).toBe(true);
    expect(canAcquire(lease('b', 1, 3), 'a', T0)).toBe(false);
  });

  it('always yields a new, larger token (tokens never repeat, even for the same owner)', () => {
    expect(afterAcquire(null, 'authorizations', 'a', T0, 30_000)).toEqual(lease('a', 30_000, 1));
    const taken = afterAcquire(lease('b', -1, 7), 'authorizations', 'a', T0, 30_000);
    expect(taken.token).toBe(8);
    expect(afterAcquire(taken, 'authorizations', 'a', at(10), 30_000).token).toBe(9);
  });

  it('has a MongoDB filter that matches exactly when the rule allows', () => {
    const cases: Array<[LeaseDocument, string]> = [
      [lease('b', -1, 3), 'a'],
      [lease('b', 0, 3), 'a'],
      [lease('a', 5_000, 3), 'a'],
      [lease('b', 1, 3), 'a'],
      [{ ...lease('b', -1, 3), _id: 'services' }, 'a'],
    ];
    for (const [current, owner] of cases) {
      const matches = new Query(acquireFilter('authorizations', owner, T0)).test({ ...current });
      expect(matches).toBe(current._id === 'authorizations' && canAcquire(current, owner, T0));
    }
  });

  it('sets owner and expiry and increments the token in one update', () => {
    expect(acquireUpdate('a', T0, 30_000)).toEqual({ $set: { owner: 'a', expiresAt: at(30_000) }, $inc: { token: 1 } });
  });
});

describe('fencing', () => {
  const fence: Fence = { lease: 'authorizations', owner: 'a', token: 4 };

  it('lets the current holder commit, renew and release', () => {
    expect(holds(lease('a', 10_000, 4), fence)).toBe(true);
    // expiry alone does not refuse: until someone else takes the lease, the token is still the latest
    expect(holds(lease('a', -10_000, 4), fence)).toBe(true);
  });

  it('refuses a token older than the current one, another owner, or a missing lease', () => {
    expect(holds(lease('b', 10_000, 5), fence)).toBe(false);
    expect(holds(lease('a', 10_000, 5), fence)).toBe(false); // re-acquired by the same owner: the old token is stale too
    expect(holds(lease('b', 10_000, 4), fence)).toBe(false);
    expect(holds(null, fence)).toBe(false);
    expect(holds({ ...lease('a', 10_000, 4), _id: 'services' }, fence)).toBe(false);
  });

  it('has a MongoDB filter that matches exactly when the holder still holds it', () => {
    const leases = [lease('a', 10_000, 4), lease('a', -10_000, 4), lease('b', 10_000, 5), lease('a', 10_000, 5), lease('b', 10_000, 4), lease('a', 10_000, 3)];
    for (const current of leases) expect(new Query(holderFilter(fence)).test({ ...current })).toBe(holds(current, fence));
  });

  it('a takeover refuses the previous holder from then on', () => {
    let current: LeaseDocument | null = afterAcquire(null, 'authorizations', 'a', T0, 1_000);
    const first: Fence = { lease: 'authorizations', owner: 'a', token: current.token };
    expect(holds(current, first)).toBe(true);
    expect(canAcquire(current, 'b', at(500))).toBe(false);
    expect(canAcquire(current, 'b', at(1_000))).toBe(true); // a paused past its expiry
    current = afterAcquire(current, 'authorizations', 'b', at(1_000), 1_000);
    const second: Fence = { lease: 'authorizations', owner: 'b', token: current.token };
    expect(holds(current, first)).toBe(false);
    expect(holds(current, second)).toBe(true);
  });
});

/** A lease table in memory, with the same rules as the MongoDB one. */
function fakeLease(owner: string) {
  const table = new Map<string, { owner: string; token: number }>();
  const calls: string[] = [];
  let heldByOther = new Set<string>();
  return {
    table,
    calls,
    holdElsewhere: (names: string[]) => (heldByOther = new Set(names)),
    lease: {
      owner,
      async acquire(name: string): Promise<Fence | null> {
        calls.push(`acquire ${name}`);
        if (heldByOther.has(name)) return null;
        const token = (table.get(name)?.token ?? 0) + 1;
        table.set(name, { owner, token });
        return { lease: name, owner, token };
      },
      async renew(fence: Fence): Promise<boolean> {
        calls.push(`renew ${fence.lease}`);
        const row = table.get(fence.lease);
        return row?.owner === fence.owner && row.token === fence.token;
      },
      async release(fence: Fence): Promise<void> {
        calls.push(`release ${fence.lease}`);
      },
    },
  };
}

/** A keeper of one lease that another process holds: started, and waiting for it. */
async function waitingKeeper(name: string, ttlMs: number) {
  const fake = fakeLease('me');
  fake.holdElsewhere([name]);
  const keeper = new LeaseKeeper(fake.lease, [name], { ttlMs });
  const started = keeper.start();
  await jest.advanceTimersByTimeAsync(0);
  return { fake, keeper, started };
}

describe('LeaseKeeper', () => {
  fakeTimersInEachTest();

  it('hands out a refusing fence until the lease is held, then the held one', async () => {
    const { fake, keeper, started } = await waitingKeeper('authorizations', 3_000);
    expect(keeper.fenceFor('authorizations')).toEqual({ lease: 'authorizations', owner: 'me', token: 0 });
    expect(keeper.fenceFor('not-managed')).toBeUndefined();
    fake.holdElsewhere([]);
    await jest.advanceTimersByTimeAsync(1_500); // retries every ttl/2
    await started;
    expect(keeper.fenceFor('authorizations')).toEqual({ lease: 'authorizations', owner: 'me', token: 1 });
    expect(keeper.holdsAll).toBe(true);
    await keeper.stop();
  });

  it('renews every ttl/3 and reports a lease taken over, keeping the stale fence so commits are refused', async () => {
    const fake = fakeLease('me');
    const lost: string[] = [];
    const keeper = new LeaseKeeper(fake.lease, ['authorizations', 'services'], { ttlMs: 3_000, onLost: (n) => lost.push(n) });
    await keeper.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fake.calls.filter((c) => c.startsWith('renew'))).toEqual(['renew authorizations', 'renew services']);
    fake.table.set('services', { owner: 'other', token: 2 });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(lost).toEqual(['services']);
    expect(keeper.holdsAll).toBe(false);
    expect(keeper.fenceFor('services')).toEqual({ lease: 'services', owner: 'me', token: 1 });
    await keeper.stop();
    expect(fake.calls.filter((c) => c.startsWith('release'))).toEqual(['release authorizations']);
    const renewals = fake.calls.length;
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fake.calls.length).toBe(renewals);
  });
});

describe('LeaseKeeper: one acquisition and one renewal loop per process', () => {
  fakeTimersInEachTest();

  it('answers every start() with the same acquisition, renews once per tick, and stop() ends it', async () => {
    const fake = fakeLease('me');
    const keeper = new LeaseKeeper(fake.lease, ['projector'], { ttlMs: 3_000 });
    // The projector and the webhook dispatcher both open the gate.
    await Promise.all([keeper.start(), keeper.start()]);
    await keeper.start();
    expect(fake.calls).toEqual(['acquire projector']);
    expect(keeper.fenceFor('projector')).toEqual({ lease: 'projector', owner: 'me', token: 1 });
    await jest.advanceTimersByTimeAsync(3_000); // three ticks of ttl/3
    expect(fake.calls.filter((c) => c.startsWith('renew'))).toHaveLength(3);
    await keeper.stop();
    expect(fake.calls.filter((c) => c.startsWith('release'))).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fake.calls.filter((c) => c.startsWith('renew'))).toHaveLength(3);
    // Stopped: the fence it hands out is refused by every write from now on.
    expect(keeper.fenceFor('projector')).toEqual({ lease: 'projector', owner: 'me', token: 0 });
    expect(keeper.holdsAll).toBe(false);
  });

  it('keeps trying an acquisition that fails (the server is unreachable), reporting each failure', async () => {
    const fake = fakeLease('me');
    const errors: string[] = [];
    let failures = 2;
    const lease = {
      ...fake.lease,
      acquire: async (name: string) => (failures-- > 0 ? Promise.reject(new Error('connection refused')) : fake.lease.acquire(name)),
    };
    const keeper = new LeaseKeeper(lease, ['projector'], { ttlMs: 3_000, onError: (_, e) => errors.push((e as Error).message) });
    let opened = false;
    void keeper.start().then(() => (opened = true));
    await jest.advanceTimersByTimeAsync(1_500);
    expect(opened).toBe(false);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(opened).toBe(true);
    expect(errors).toEqual(['connection refused', 'connection refused']);
    await keeper.stop();
  });

  it('stop() while waiting for a lease held elsewhere ends the wait at once', async () => {
    const { fake, keeper, started } = await waitingKeeper('projector', 60_000);
    await keeper.stop();
    await started;
    expect(fake.calls).toEqual(['acquire projector']);
  });
});
