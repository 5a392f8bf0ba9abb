// What the stalls benchmark and its server child (stalls-server.ts) say to each other.
import { SYNTHETIC_NOW } from './synthetic.js';

export type StallScenario = 'idle' | 'snapshot' | 'replay' | 'deadlines';

export interface StallReport {
  scenario: StallScenario;
  /** The event loop's longest delay while the scenario ran (ms). */
  maxDelayMs: number;
  p99DelayMs: number;
  meanDelayMs: number;
  /** The longest garbage-collection pause meanwhile (ms), and their count. */
  maxGcMs: number;
  gcs: number;
  ms: number;
  detail: string;
  /** The longest blocks of the loop: when (µs of the monotonic clock, as in a CPU profile) and how long. */
  longest: Array<{ fromUs: number; ms: number }>;
}

/** Before the first grant of the synthetic history (grants span the 200 days before SYNTHETIC_NOW). */
export const BEFORE_HISTORY = new Date(Date.parse(SYNTHETIC_NOW) - 210 * 86_400_000);
