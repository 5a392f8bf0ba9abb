// The projector lease as this process holds it: the background gate of production
// (production-stores.ts), built on the LeaseKeeper of libs/read-models/src/mongo/lease.ts.
import { LeaseKeeper } from '#libs/read-models/mongo';
import type { BackgroundGate } from './background-gate.js';

export const PROJECTOR_LEASE = 'projector';
/** How long a lease outlives its holder's last renewal: a standby takes over at most this long after a holder dies. */
export const LEASE_TTL_MS = 15_000;

export interface LeaseLog {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The projector lease of one process: one keeper, so one acquisition and one renewal loop however
 * many parts open the gate (the projector, the dispatcher); close() stops it and releases the
 * lease. A renewal that fails is logged at warn with its error (two may fail before the lease
 * lapses); a lost lease at error, then `onStopped`. giveUp() (a start that kept failing) releases
 * the lease first, so that a standby takes over at once, then calls `onStopped`.
 */
export function projectorLeaseGate(
  lease: ConstructorParameters<typeof LeaseKeeper>[0],
  log: LeaseLog,
  onStopped: (reason: string) => void,
  ttlMs = LEASE_TTL_MS,
): { gate: BackgroundGate; keeper: LeaseKeeper } {
  const keeper = new LeaseKeeper(lease, [PROJECTOR_LEASE], {
    ttlMs,
    onLost: (name) => {
      log.error(`lease ${name}: lost to another process (its token moved on); this process's writes are refused from now on`);
      onStopped(`lost the ${name} lease to another process`);
    },
    onError: (name, error) => log.warn(`lease ${name}: renewal or acquisition failed, trying again: ${(error as Error).message ?? String(error)}`),
  });
  let givenUp = false;
  const gate: BackgroundGate = {
    open: () => keeper.start(),
    close: () => keeper.stop(),
    giveUp(reason) {
      if (givenUp) return;
      givenUp = true;
      void keeper.stop().finally(() => onStopped(`${reason}; the ${PROJECTOR_LEASE} lease was released`));
    },
  };
  return { gate, keeper };
}
