// The Idempotency-Key store port's contract: every adapter runs this suite (SQLite in `npm test`,
// MongoDB in `npm run test:integration`). `open` gives a store over empty storage each time.
// Times are taken a month ahead of the real clock: a server's TTL index deletes by its own clock,
// so records this suite treats as live must not be expired by that clock while it runs.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { IdempotencyClaim, IdempotencyStore, IdempotentAnswer } from '#libs/operational';

const SECOND = 1_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LEASE = 30 * SECOND;

export function idempotencyStoreContract(name: string, open: () => Promise<IdempotencyStore>): void {
  describe(`idempotency store contract: ${name}`, () => {
    const T = Math.ceil(Date.now() / HOUR) * HOUR + 30 * DAY;
    const at = (ms: number) => new Date(T + ms);
    const SCOPE = 'partner:p-1';
    const aKey = () => `key-${randomUUID()}`;
    const claimOf = (key: string, patch: Partial<IdempotencyClaim> = {}): IdempotencyClaim => {
      const now = patch.now ?? at(0);
      return {
        scope: SCOPE,
        key,
        fingerprint: 'fp-a',
        owner: 'owner-a',
        now,
        lockedUntil: new Date(now.getTime() + LEASE),
        expiresAt: new Date(now.getTime() + DAY),
        ...patch,
      };
    };
    const ANSWER: IdempotentAnswer = {
      status: 201,
      headers: { etag: '"3"', location: '/v1/authorizations/au_1', 'x-event-position': '18446744073709551615' },
      body: '{"authorizationId":"au_1","note":"é ✓ $set"}',
    };
    const inProgress = (fingerprint: string, lockedUntil: Date) => ({ state: 'IN_PROGRESS', fingerprint, lockedUntil });
    const done = (fingerprint: string, answer: IdempotentAnswer = ANSWER) => ({ state: 'DONE', fingerprint, answer });

    it('knows no record of a key never claimed', async () => {
      const store = await open();
      expect(await store.get(SCOPE, aKey(), at(0))).toBeUndefined();
    });

    it('takes a fresh key (undefined) and shows the claim IN_PROGRESS until lockedUntil', async () => {
      const store = await open();
      const key = aKey();
      expect(await store.claim(claimOf(key))).toBeUndefined();
      expect(await store.get(SCOPE, key, at(0))).toEqual(inProgress('fp-a', at(LEASE)));
      expect(await store.get(SCOPE, key, at(LEASE - 1))).toEqual(inProgress('fp-a', at(LEASE)));
    });

    it('refuses a key held by a live claim, to another owner and to the same one, answering the claim untouched', async () => {
      const store = await open();
      const key = aKey();
      await store.claim(claimOf(key));
      expect(await store.claim(claimOf(key, { owner: 'owner-b', fingerprint: 'fp-b', now: at(SECOND) }))).toEqual(inProgress('fp-a', at(LEASE)));
      expect(await store.claim(claimOf(key, { now: at(LEASE - 1) }))).toEqual(inProgress('fp-a', at(LEASE)));
      expect(await store.get(SCOPE, key, at(SECOND))).toEqual(inProgress('fp-a', at(LEASE)));
    });

    it("keeps the owner's answer, byte for byte, and answers it to get and to any later claim", async () => {
      const store = await open();
      const [key, empty] = [aKey(), aKey()];
      await store.claim(claimOf(key));
      await store.complete(SCOPE, key, 'owner-a', ANSWER, at(DAY));
      expect(await store.get(SCOPE, key, at(SECOND))).toEqual(done('fp-a'));
      expect(await store.claim(claimOf(key, { owner: 'owner-b', fingerprint: 'fp-b', now: at(HOUR) }))).toEqual(done('fp-a'));
      expect(await store.claim(claimOf(key, { now: at(HOUR) }))).toEqual(done('fp-a'));
      const noContent: IdempotentAnswer = { status: 204, headers: {}, body: '' };
      await store.claim(claimOf(empty));
      await store.complete(SCOPE, empty, 'owner-a', noContent, at(DAY));
      expect(await store.get(SCOPE, empty, at(SECOND))).toEqual(done('fp-a', noContent));
    });

    it('lets only the owner complete its claim, once', async () => {
      const store = await open();
      const key = aKey();
      await store.claim(claimOf(key));
      await store.complete(SCOPE, key, 'owner-b', { ...ANSWER, status: 500 }, at(DAY));
      expect(await store.get(SCOPE, key, at(SECOND))).toEqual(inProgress('fp-a', at(LEASE)));
      await store.complete(SCOPE, key, 'owner-a', ANSWER, at(DAY));
      await store.complete(SCOPE, key, 'owner-a', { ...ANSWER, status: 409 }, at(2 * DAY));
      expect(await store.get(SCOPE, key, at(SECOND))).toEqual(done('fp-a'));
      expect(await store.get(SCOPE, key, at(DAY))).toBeUndefined();
    });

    it('keeps an answer until the expiresAt given to complete, not the one claimed', async () => {
      const store = await open();
      const [longer, shorter] = [aKey(), aKey()];
      await store.claim(claimOf(longer, { expiresAt: at(HOUR) }));
      await store.complete(SCOPE, longer, 'owner-a', ANSWER, at(DAY));
      expect(await store.get(SCOPE, longer, at(2 * HOUR))).toEqual(done('fp-a'));
      await store.claim(claimOf(shorter));
      await store.complete(SCOPE, shorter, 'owner-a', ANSWER, at(HOUR));
      expect(await store.get(SCOPE, shorter, at(HOUR - 1))).toEqual(done('fp-a'));
      expect(await store.get(SCOPE, shorter, at(HOUR))).toBeUndefined();
    });

    it('lets only the owner release its claim, which frees the key; a kept answer is not released', async () => {
      const store = await open();
      const [key, kept] = [aKey(), aKey()];
      await store.claim(claimOf(key));
      await store.release(SCOPE, key, 'owner-b');
      expect(await store.get(SCOPE, key, at(SECOND))).toEqual(inProgress('fp-a', at(LEASE)));
      await store.release(SCOPE, key, 'owner-a');
      expect(await store.get(SCOPE, key, at(SECOND))).toBeUndefined();
      expect(await store.claim(claimOf(key, { owner: 'owner-b', fingerprint: 'fp-b', now: at(SECOND) }))).toBeUndefined();
      expect(await store.get(SCOPE, key, at(SECOND))).toEqual(inProgress('fp-b', at(SECOND + LEASE)));
      await store.claim(claimOf(kept));
      await store.complete(SCOPE, kept, 'owner-a', ANSWER, at(DAY));
      await store.release(SCOPE, kept, 'owner-a');
      expect(await store.get(SCOPE, kept, at(SECOND))).toEqual(done('fp-a'));
    });

    it('forgets a record at its expiresAt: get sees nothing, and a new claim takes the key afresh', async () => {
      const store = await open();
      const key = aKey();
      await store.claim(claimOf(key));
      await store.complete(SCOPE, key, 'owner-a', ANSWER, at(DAY));
      expect(await store.get(SCOPE, key, at(DAY - 1))).toEqual(done('fp-a'));
      expect(await store.get(SCOPE, key, at(DAY))).toBeUndefined();
      expect(await store.claim(claimOf(key, { owner: 'owner-b', fingerprint: 'fp-b', now: at(DAY) }))).toBeUndefined();
      expect(await store.get(SCOPE, key, at(DAY))).toEqual(inProgress('fp-b', at(DAY + LEASE)));
      await store.complete(SCOPE, key, 'owner-a', { ...ANSWER, status: 500 }, at(3 * DAY));
      expect(await store.get(SCOPE, key, at(DAY))).toEqual(inProgress('fp-b', at(DAY + LEASE)));
    });

    it('hands an abandoned claim over at its lockedUntil; the first owner can then neither complete nor release it', async () => {
      const store = await open();
      const key = aKey();
      await store.claim(claimOf(key));
      expect(await store.get(SCOPE, key, at(LEASE))).toBeUndefined();
      expect(await store.claim(claimOf(key, { owner: 'owner-b', fingerprint: 'fp-b', now: at(LEASE) }))).toBeUndefined();
      await store.complete(SCOPE, key, 'owner-a', { ...ANSWER, status: 500 }, at(DAY));
      await store.release(SCOPE, key, 'owner-a');
      expect(await store.get(SCOPE, key, at(LEASE))).toEqual(inProgress('fp-b', at(2 * LEASE)));
      await store.complete(SCOPE, key, 'owner-b', ANSWER, at(DAY));
      expect(await store.get(SCOPE, key, at(LEASE))).toEqual(done('fp-b'));
    });

    it('still lets the owner complete a lapsed claim that nobody took over', async () => {
      const store = await open();
      const key = aKey();
      await store.claim(claimOf(key));
      await store.complete(SCOPE, key, 'owner-a', ANSWER, at(DAY));
      expect(await store.get(SCOPE, key, at(2 * LEASE))).toEqual(done('fp-a'));
    });

    it('keeps the keys of two scopes apart, however the strings could be joined', async () => {
      const store = await open();
      const pairs: Array<[string, string]> = [
        ['partner:p-1', 'k'],
        ['seller:p-1', 'k'],
        ['a', 'b:c'],
        ['a:b', 'c'],
        ['x"', '"y'],
        ['x', '","y'],
      ];
      for (const [i, [scope, key]] of pairs.entries()) expect(await store.claim(claimOf(key, { scope, fingerprint: `fp-${i}` }))).toBeUndefined();
      for (const [i, [scope, key]] of pairs.entries()) expect(await store.get(scope, key, at(0))).toEqual(inProgress(`fp-${i}`, at(LEASE)));
      await store.complete('a', 'b:c', 'owner-a', ANSWER, at(DAY));
      expect(await store.get('a:b', 'c', at(0))).toEqual(inProgress('fp-3', at(LEASE)));
    });

    it('gives a key to exactly one of many concurrent claims; the others see its claim', async () => {
      const store = await open();
      const key = aKey();
      const owners = Array.from({ length: 12 }, (_, i) => `owner-${i}`);
      const outcomes = await Promise.all(owners.map((owner) => store.claim(claimOf(key, { owner, fingerprint: `fp-${owner}` }))));
      const winners = owners.filter((_, i) => outcomes[i] === undefined);
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes.filter((o) => o !== undefined)) expect(outcome).toEqual(inProgress(`fp-${winners[0]}`, at(LEASE)));
      expect(await store.get(SCOPE, key, at(0))).toEqual(inProgress(`fp-${winners[0]}`, at(LEASE)));
    });

    it('gives an expired key to exactly one of many concurrent claims', async () => {
      const store = await open();
      const key = aKey();
      await store.claim(claimOf(key));
      await store.complete(SCOPE, key, 'owner-a', ANSWER, at(HOUR));
      const owners = Array.from({ length: 12 }, (_, i) => `owner-${i}`);
      const now = at(HOUR);
      const outcomes = await Promise.all(owners.map((owner) => store.claim(claimOf(key, { owner, fingerprint: `fp-${owner}`, now }))));
      const winners = owners.filter((_, i) => outcomes[i] === undefined);
      expect(winners).toHaveLength(1);
      expect(await store.get(SCOPE, key, now)).toEqual(inProgress(`fp-${winners[0]}`, at(HOUR + LEASE)));
    });
  });
}
