// Event material for adapter tests.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '#libs/event-store';

export function anEvent(type = 'ThingHappened', data: unknown = { n: 1 }, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      actor: { role: 'seller', sub: 'shop-1' },
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2026-03-01T10:00:00.000Z',
      schemaVersion: 1,
    },
    ...overrides,
  };
}

export const events = (n: number, type = 'ThingHappened') => Array.from({ length: n }, (_, i) => anEvent(type, { n: i }));

export const uniqueStream = (prefix = 'binding') => `${prefix}-${randomUUID()}`;
