// export and import show their progress as replay does: a plain line a second off a terminal,
// a bar redrawn in place on one, and always a last line.
import { describe, expect, it } from '@jest/globals';
import { progress } from '../../apps/cli/src/progress.js';

const ESC = String.fromCharCode(27);

function clocked(tty: boolean, total: number) {
  let t = 0;
  const out: string[] = [];
  const shown = progress({ label: 'export', total, tty, write: (s) => out.push(s), now: () => t });
  return { shown, out, advance: (ms: number) => (t += ms) };
}

describe('CLI progress (export, import)', () => {
  it('writes a plain line at most once a second, with events, share, rate and time left, then a last line', () => {
    const { shown, out, advance } = clocked(false, 100_000);
    advance(1_000);
    shown.update(25_000, 25_000);
    advance(200);
    shown.update(30_000, 30_000); // within the second: no line
    advance(1_000);
    shown.update(50_000, 50_000);
    shown.finish();
    expect(out).toEqual([
      'export: 25,000 events, 25%, 25,000 events/s, about 3 s left\n',
      'export: 50,000 events, 50%, 22,727 events/s, about 2 s left\n',
      'export: 50,000 events, 100%, 22,727 events/s, about 0 s left\n',
    ]);
  });

  it('redraws one bar on a terminal and ends it with a newline', () => {
    const { shown, out, advance } = clocked(true, 10);
    advance(500);
    shown.update(5, 5);
    shown.finish();
    expect(out[0]).toBe(`\r${ESC}[2K[${'#'.repeat(15)}${'.'.repeat(15)}]  50%  5 events  10 events/s  ~1 s left`);
    expect(out[1]).toMatch(/100%.*\n$/);
  });
});
