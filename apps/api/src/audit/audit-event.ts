// The AuditEvent of API.md: an event of the log as auditors read it. Exactly the contract's
// fields (other metadata a store may carry stays out), the position as a decimal string, and no
// secret: the sealed signing secret of a webhook never leaves through the audit routes.
import type { StoredEvent } from '#libs/event-store';

export interface AuditEvent {
  eventId: string;
  position: string;
  streamName: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: {
    actor: { role: string; sub: string };
    correlationId: string;
    causationId: string | null;
    occurredAt: string;
    schemaVersion: number;
  };
}

/** What replaces a secret in `data`. */
export const REDACTED = '[REDACTED]';

/** Fields of `data` that hold secrets, whatever the event type (WebhookSubscribed's sealedSecret today). */
const SECRET_FIELDS = ['sealedSecret', 'secret'];

function redacted(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  if (!SECRET_FIELDS.some((f) => Object.hasOwn(data, f))) return data;
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of SECRET_FIELDS) if (Object.hasOwn(copy, field)) copy[field] = REDACTED;
  return copy;
}

export function toAuditEvent(event: StoredEvent): AuditEvent {
  const { actor, correlationId, causationId, occurredAt, schemaVersion } = event.metadata;
  return {
    eventId: event.eventId,
    position: String(event.position),
    streamName: event.streamName,
    revision: event.revision,
    type: event.type,
    data: redacted(event.data),
    metadata: { actor: { role: actor.role, sub: actor.sub }, correlationId, causationId: causationId ?? null, occurredAt, schemaVersion },
  };
}

/** An event of a binding stream concerns an authorization when it names it (a signed proposal names those it granted). */
export function concerns(event: StoredEvent, authorizationId: string): boolean {
  const data = event.data as { authorizationId?: unknown; authorizationIds?: unknown } | null;
  if (!data || typeof data !== 'object') return false;
  return data.authorizationId === authorizationId || (Array.isArray(data.authorizationIds) && data.authorizationIds.includes(authorizationId));
}
