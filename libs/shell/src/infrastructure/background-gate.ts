// Background work (projections, processes, webhook deliveries) runs in one process at a time: it
// starts once that process holds the gate. On the embedded default the gate is always open; in
// production it is a lease in MongoDB (see production-stores.ts), whose fencing token every
// projection commit carries, so a process that lost the lease can write nothing more.
export interface BackgroundGate {
  /** Resolves once this process may run the background work (it may wait for another to give up). */
  open(): Promise<void>;
  close(): Promise<void>;
  /**
   * The background work cannot run here (its start kept failing: background-retry.ts): hand it to
   * another process. Production: release the lease and exit non-zero. Absent where no other
   * process could take over (the embedded default): the caller keeps trying.
   */
  giveUp?(reason: string): void;
}

export const OPEN_GATE: BackgroundGate = { open: async () => undefined, close: async () => undefined };
