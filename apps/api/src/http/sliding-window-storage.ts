// Throttler storage with a sliding-window counter: per key, the hits of the current window and of
// the previous one, the previous weighted by how much of it still overlaps the last `ttl`
// milliseconds. O(1) time and memory per request whatever the limit, where the library's storage
// keeps and filters one timestamp per hit. An approximation (it assumes the previous window's hits
// were spread evenly), as Cloudflare's and nginx's limiters are.
import type { ThrottlerStorage } from '@nestjs/throttler';

interface Counter {
  /** Start of the current window, aligned on a multiple of ttl. */
  start: number;
  current: number;
  previous: number;
}

interface Hit {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly counters = new Map<string, Counter>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, _throttler: string): Promise<Hit> {
    const now = this.now();
    this.sweep(now, ttl);
    const counter = this.roll(this.counters.get(key), now, ttl);
    this.counters.set(key, counter);
    const elapsed = now - counter.start;
    const estimate = counter.previous * (1 - elapsed / ttl) + counter.current;
    const timeToExpire = Math.max(1, Math.ceil((ttl - elapsed) / 1_000));
    if (estimate + 1 > limit) {
      // Refused requests are not counted: a client that waits as told gets through.
      return {
        totalHits: Math.ceil(estimate) + 1,
        timeToExpire,
        isBlocked: true,
        timeToBlockExpire: Math.max(1, Math.ceil(waitMs(counter, elapsed, ttl, limit) / 1_000)),
      };
    }
    counter.current += 1;
    return { totalHits: Math.ceil(estimate + 1), timeToExpire, isBlocked: false, timeToBlockExpire: 0 };
  }

  /** How many keys are tracked (tests). */
  get size(): number {
    return this.counters.size;
  }

  private roll(counter: Counter | undefined, now: number, ttl: number): Counter {
    const start = now - (now % ttl);
    if (!counter) return { start, current: 0, previous: 0 };
    if (counter.start === start) return counter;
    const previous = counter.start + ttl === start ? counter.current : 0;
    return { start, current: 0, previous };
  }

  /** Keys idle for two windows count nothing any more: dropped, at most once a window. */
  private sweep(now: number, ttl: number): void {
    if (now - this.lastSweep < ttl) return;
    this.lastSweep = now;
    for (const [key, counter] of this.counters) if (counter.start + 2 * ttl <= now) this.counters.delete(key);
  }
}

/** Milliseconds until one more request fits under the limit. */
function waitMs(counter: Counter, elapsed: number, ttl: number, limit: number): number {
  const room = limit - 1;
  if (counter.current <= room && counter.previous > 0) {
    // Within this window, as the previous one's weight fades.
    return Math.max(0, ttl * (1 - (room - counter.current) / counter.previous) - elapsed);
  }
  // Only in the next window, as this one's hits fade in turn.
  const intoNext = counter.current > 0 ? ttl * Math.max(0, 1 - room / counter.current) : 0;
  return ttl - elapsed + intoNext;
}
