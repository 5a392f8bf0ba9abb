// Progress of a long CLI run, in replay's style: on a terminal one bar redrawn in place, otherwise
// (logs, CI) a plain line a second; always a last line. Written on stderr, so that stdout keeps
// only the result.
import { formatCount } from './args.js';

const BAR_WIDTH = 30;

export interface ProgressOptions {
  /** `export`, `import`: the verb of the lines. */
  label: string;
  /** What is done when `done` reaches it (the same unit as `done`); 0 when unknown. */
  total: number;
  write: (text: string) => void;
  tty: boolean;
  lineEveryMs?: number;
  now?: () => number;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${seconds % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export interface Progress {
  /** `done` of `total` (e.g. positions), and how many events so far. */
  update(done: number, events: number): void;
  finish(): void;
}

export function progress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastLine = started; // a run shorter than a line's interval shows only its last line
  let state = { done: 0, events: 0 };
  const render = (final: boolean) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    const fraction = final ? 1 : options.total > 0 ? Math.min(state.done / options.total, 1) : 0;
    const perSecond = Math.round(state.events / seconds);
    const left = fraction > 0 && !final ? duration(Math.round((seconds * (1 - fraction)) / fraction)) : final ? '0 s' : '?';
    const percent = `${Math.floor(fraction * 100)}%`;
    if (options.tty) {
      const filled = Math.round(fraction * BAR_WIDTH);
      options.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent.padStart(4)}  ${formatCount(state.events)} events  ${formatCount(perSecond)} events/s  ~${left} left${final ? '\n' : ''}`,
      );
    } else options.write(`${options.label}: ${formatCount(state.events)} events, ${percent}, ${formatCount(perSecond)} events/s, about ${left} left\n`);
  };
  return {
    update(done, events) {
      state = { done, events };
      if (options.tty || now() - lastLine >= (options.lineEveryMs ?? 1_000)) {
        render(false);
        lastLine = now();
      }
    },
    finish() {
      render(true);
    },
  };
}
