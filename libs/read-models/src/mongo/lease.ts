// A lease per projection, so that of several projector processes one applies a projection at a
// time. A lease document holds an owner, an expiry and a fencing token that grows by one on every
// acquisition and never restarts (release expires the lease and clears its owner, it does not
// delete it). Expiry decides who may take a lease; the token decides whose writes count:
// MongoReadStore.commit, and every operational write made through fencedWrites (process
// checkpoints, webhook delivery claims and outcomes), writes to the lease document, in the
// write's own transaction, only if it still carries the writer's owner and token. A process that
// paused past its expiry (GC, network) while another took over therefore has its next write
// refused, whatever the clocks say; and because the
// check is a write, a concurrent acquisition conflicts with the commit instead of slipping by.
// Expiry compares this process's clock with the stored expiry: keep the TTL well above the clock
// skew between projector hosts.
import type { ClientSession, Collection, Db, MongoClient, TransactionOptions } from 'mongodb';

export const LEASES = '_leases';

export interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
  token: number;
  lastCommitAt?: Date;
}

/** What a holder presents when it commits. */
export interface Fence {
  lease: string;
  owner: string;
  token: number;
}

export class FencedOutError extends Error {
  constructor(readonly fence: Fence) {
    super(`lease ${fence.lease}: token ${fence.token} of ${fence.owner} is no longer current`);
    this.name = 'FencedOutError';
  }
}

// The rules, as pure functions; the MongoDB filters below say the same (the spec checks both).

export function canAcquire(current: LeaseDocument | null, owner: string, now: Date): boolean {
  return current === null || current.owner === owner || current.expiresAt.getTime() <= now.getTime();
}

export function afterAcquire(current: LeaseDocument | null, name: string, owner: string, now: Date, ttlMs: number): LeaseDocument {
  return { _id: name, owner, expiresAt: new Date(now.getTime() + ttlMs), token: (current?.token ?? 0) + 1 };
}

/** Whether the fence's holder still holds the lease: to renew, release, or commit. Older tokens are refused. */
export function holds(current: LeaseDocument | null, fence: Fence): boolean {
  return current !== null && current._id === fence.lease && current.owner === fence.owner && current.token === fence.token;
}

export const acquireFilter = (name: string, owner: string, now: Date) => ({ _id: name, $or: [{ expiresAt: { $lte: now } }, { owner }] });

export const acquireUpdate = (owner: string, now: Date, ttlMs: number) => ({
  $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) },
  $inc: { token: 1 },
});

export const holderFilter = (fence: Fence) => ({ _id: fence.lease, owner: fence.owner, token: fence.token });

/** No owner: a write still in flight from the process that released it no longer matches holderFilter. */
export const releaseUpdate = () => ({ $set: { owner: '', expiresAt: new Date(0) } });

export interface MongoLeaseOptions {
  owner: string;
  ttlMs: number;
  now?: () => Date;
}

export class MongoLease {
  private readonly leases: Collection<LeaseDocument>;
  private readonly now: () => Date;

  constructor(
    db: Db,
    private readonly options: MongoLeaseOptions,
  ) {
    this.leases = db.collection<LeaseDocument>(LEASES);
    this.now = options.now ?? (() => new Date());
  }

  get owner(): string {
    return this.options.owner;
  }

  /** The fence of a fresh acquisition (a new token), or null while another owner holds it. */
  async acquire(name: string): Promise<Fence | null> {
    const { owner, ttlMs } = this.options;
    const now = this.now();
    try {
      const doc = await this.leases.findOneAndUpdate(acquireFilter(name, owner, now), acquireUpdate(owner, now, ttlMs), {
        upsert: true,
        returnDocument: 'after',
      });
      return doc ? { lease: name, owner, token: doc.token } : null;
    } catch (error) {
      // Held by someone else: the filter missed and the upsert collided with the existing _id.
      if ((error as { code?: number }).code === 11000) return null;
      throw error;
    }
  }

  /** Extends the expiry; false when the lease was lost (the token moved on). */
  async renew(fence: Fence): Promise<boolean> {
    const result = await this.leases.updateOne(holderFilter(fence), { $set: { expiresAt: new Date(this.now().getTime() + this.options.ttlMs) } });
    return result.matchedCount === 1;
  }

  /** Expires the lease now, keeping its token so that tokens never repeat; the released fence is refused from then on. */
  async release(fence: Fence): Promise<void> {
    await this.leases.updateOne(holderFilter(fence), releaseUpdate());
  }
}

/** Inside a commit's transaction: refuses the commit unless the fence is current; the write makes a concurrent acquisition conflict. */
export async function checkFence(db: Db, fence: Fence, session: ClientSession): Promise<void> {
  const result = await db.collection<LeaseDocument>(LEASES).updateOne(holderFilter(fence), { $currentDate: { lastCommitAt: true } }, { session });
  if (result.matchedCount !== 1) throw new FencedOutError(fence);
}

const FENCED_TRANSACTION: TransactionOptions = { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' }, readPreference: 'primary' };

/**
 * The operational stores' FencedWrites (libs/operational/src/mongo/fenced-writes.ts): each write
 * in a transaction that first checks the fence, so a process that lost (or released) the lease
 * has every write refused with FencedOutError, not only its projection commits. `fence()`
 * undefined: not fenced, the write runs on its own.
 */
export function fencedWrites(client: Pick<MongoClient, 'withSession'>, db: Db, fence: () => Fence | undefined) {
  return async <T>(write: (session: ClientSession | undefined) => Promise<T>): Promise<T> => {
    const current = fence();
    if (!current) return write(undefined);
    return client.withSession((session) =>
      session.withTransaction(async () => {
        await checkFence(db, current, session);
        return write(session);
      }, FENCED_TRANSACTION),
    );
  };
}

// Keeps a projector process's leases, one per projection: acquires each (waiting while another
// process holds it), renews them, and reports a lost one. It is what the projector wires into
// MongoReadStore's `fence` option:
//
//   const keeper = new LeaseKeeper(new MongoLease(store.db, { owner, ttlMs: 30_000 }), names, { ttlMs: 30_000, onLost });
//   await keeper.start();                      // resolves once this process holds every lease
//   new MongoReadStore({ client, database, fence: keeper.fenceFor });
//
// `fenceFor` never answers "unfenced" for a managed projection: before acquisition and after
// stop() it returns a token no lease ever has (0), and after a loss the last token held, so commits are refused
// rather than applied by a process that no longer owns the projection. On a loss the process
// should stop its runner (or exit and let the orchestrator restart it) and acquire again.
export interface LeaseKeeperOptions {
  ttlMs: number;
  /** Default: a third of the TTL, so two renewals may fail before the lease lapses. */
  renewEveryMs?: number;
  /** How often to try a lease another process holds. Default: half the TTL. */
  retryEveryMs?: number;
  onLost?: (name: string) => void;
  /** A renewal that failed for another reason (network): retried on the next tick. */
  onError?: (name: string, error: unknown) => void;
}

export class LeaseKeeper {
  private readonly fences = new Map<string, Fence>();
  private readonly lost = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private started: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly lease: Pick<MongoLease, 'owner' | 'acquire' | 'renew' | 'release'>,
    private readonly names: readonly string[],
    private readonly options: LeaseKeeperOptions,
  ) {}

  /**
   * Resolves once every lease is held (or the keeper is stopped). Called again, it answers the
   * same acquisition: one process acquires each lease once and runs one renewal loop, however
   * many of its parts wait for it. An acquisition that fails (the server is unreachable) is
   * reported to onError and tried again: it never rejects.
   */
  start(): Promise<void> {
    this.started ??= this.acquireAll();
    return this.started;
  }

  private async acquireAll(): Promise<void> {
    for (const name of this.names) {
      while (!this.stopped) {
        const fence = await this.lease.acquire(name).catch((error: unknown) => {
          this.options.onError?.(name, error);
          return null;
        });
        if (fence) {
          this.fences.set(name, fence);
          break;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.options.retryEveryMs ?? this.options.ttlMs / 2);
        });
      }
    }
    if (!this.stopped) this.schedule();
  }

  readonly fenceFor = (name: string): Fence | undefined => {
    if (!this.names.includes(name)) return undefined;
    const held = this.stopped ? undefined : this.fences.get(name);
    return held ?? { lease: name, owner: this.lease.owner, token: 0 };
  };

  /** Whether every lease is held and none was lost (nor given up). */
  get holdsAll(): boolean {
    return !this.stopped && this.lost.size === 0 && this.fences.size === this.names.length;
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.renewAll(), this.options.renewEveryMs ?? this.options.ttlMs / 3);
  }

  private async renewAll(): Promise<void> {
    for (const [name, fence] of this.fences) {
      if (this.lost.has(name) || this.stopped) continue;
      try {
        if (!(await this.lease.renew(fence))) {
          this.lost.add(name);
          this.options.onLost?.(name);
        }
      } catch (error) {
        this.options.onError?.(name, error);
      }
    }
    if (!this.stopped) this.schedule();
  }

  /** Stops renewing and releases what is still held, so another process can take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.wake?.();
    for (const [name, fence] of this.fences) if (!this.lost.has(name)) await this.lease.release(fence).catch(() => undefined);
  }
}
