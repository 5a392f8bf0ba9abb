// The clock port: the only place the product reads the time. Tests move it; CLOCK_OFFSET_MS
// shifts a whole server (used to restart one "40 days later").
export interface Clock {
  now(): Date;
}

export class SystemClock implements Clock {
  constructor(private readonly offsetMs = 0) {}
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-03-01T10:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
  advanceHours(hours: number): void {
    this.advance(hours * 3_600_000);
  }
}

export const nowIso = (clock: Clock) => clock.now().toISOString();
