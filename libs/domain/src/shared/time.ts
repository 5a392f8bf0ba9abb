// Times are ISO-8601 UTC strings as made by Date#toISOString: fixed width, so they compare
// correctly as strings, which keeps state and events plain JSON.
export type Instant = string;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function addDays(at: Instant, days: number): Instant {
  return new Date(Date.parse(at) + days * DAY_MS).toISOString();
}

export function addHours(at: Instant, hours: number): Instant {
  return new Date(Date.parse(at) + hours * HOUR_MS).toISOString();
}

export function isIsoInstant(value: unknown): value is Instant {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(Date.parse(value));
}
