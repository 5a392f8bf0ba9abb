// A fake clock for each test of the describe block that calls this: installed before the test and
// the real one restored after it, so a failing test never leaves the next one on a fake clock.
import { afterEach, beforeEach, jest } from '@jest/globals';

export function fakeTimersInEachTest(): void {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });
}
