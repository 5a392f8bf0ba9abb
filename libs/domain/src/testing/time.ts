// The scenarios' clock: T0 and arithmetic written here, not borrowed from the code under test.
export const T0 = '2026-03-01T10:00:00.000Z';

export const plusDays = (at: string, days: number) => new Date(Date.parse(at) + days * 86_400_000).toISOString();
export const plusHours = (at: string, hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
export const plusMs = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
