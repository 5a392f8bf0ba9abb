export const READ_STORE = Symbol('READ_STORE');
export const READ_PROGRESS = Symbol('READ_PROGRESS');

/** How far the read models have applied the log. */
export interface ReadProgress {
  position(): bigint;
  /** true once the read models have applied `position`; false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean>;
  /** true once they have caught up with the log as it stood at start. */
  caughtUp(): boolean;
  whenCaughtUp(): Promise<void>;
}
