// The schema version each event type is written in today. Types never change (API.md); their
// `data` may, and then the type's version goes up by one and an upcaster (./upcasters.ts) turns
// the previous shape into the new one, so that an event read in an older version reaches the
// rest of the product in the current shape.
import type { Instant } from './time.js';
import { UPCASTERS } from './upcasters.js';

export const SCHEMA_VERSIONS = {
  ServicePublished: 1,
  ServiceDeactivated: 1,
  // v2 (2026-03): grants record their validity and the auto-renew choice; see upcasters.ts.
  AuthorizationGranted: 2,
  AuthorizationScopesChanged: 1,
  AuthorizationAutoRenewChanged: 1,
  AuthorizationRenewalRequested: 1,
  AuthorizationRenewed: 1,
  AuthorizationCancellationRequested: 1,
  AuthorizationCancellationRejected: 1,
  AuthorizationCancelled: 1,
  AuthorizationExpired: 1,
  AuthorizationDeactivated: 1,
  AuthorizationRemoved: 1,
  PartnerBanned: 1,
  SellerBanned: 1,
  ProposalCreated: 1,
  ProposalWithdrawn: 1,
  ProposalSigned: 1,
  ProposalDeclined: 1,
  ProposalExpired: 1,
  ProposalFailed: 1,
  WebhookSubscribed: 1,
  WebhookUnsubscribed: 1,
  // Added to the contract's list with the secret rotations (issue 15).
  WebhookSecretRotated: 1,
} as const;

export type EventType = keyof typeof SCHEMA_VERSIONS;

/** Every event type of the contract (API.md, "Event types"): auditors filter on these names. */
export const EVENT_TYPES = Object.keys(SCHEMA_VERSIONS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(SCHEMA_VERSIONS, value);
}

/** The version an event of this type is written in now; 1 for a type this build does not know. */
export function schemaVersionOf(type: string): number {
  return isEventType(type) ? SCHEMA_VERSIONS[type] : 1;
}

export interface VersionedEvent {
  type: string;
  data: unknown;
  metadata: { schemaVersion: number; occurredAt: Instant };
}

const upcasterOf = new Map(UPCASTERS.map((u) => [`${u.type}@${u.from}`, u]));

/**
 * The event in the current shape of its type, with that version in its metadata (what `data`
 * now is). An event already current, or newer than this build knows, is returned as it is; one
 * without a version was written before versions were recorded: version 1.
 */
export function upcastEvent<E extends VersionedEvent>(event: E): E {
  const current = schemaVersionOf(event.type);
  const written = event.metadata.schemaVersion;
  let version = Number.isInteger(written) && written >= 1 ? written : 1;
  if (version >= current && written === version) return event;
  let data = event.data;
  for (; version < current; version++) {
    const upcaster = upcasterOf.get(`${event.type}@${version}`);
    if (!upcaster) throw new Error(`no upcaster for ${event.type} from version ${version}`);
    data = upcaster.up(data, event.metadata);
  }
  return { ...event, data, metadata: { ...event.metadata, schemaVersion: Math.max(version, current) } };
}

export { UPCASTERS, type Upcaster } from './upcasters.js';
