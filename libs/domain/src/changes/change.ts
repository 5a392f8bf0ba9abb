// What the live stream (GET /v1/changes) tells of an event, and who may see it. Both are decided
// from the event alone, never from a read model: its stream names the tenant (a binding stream
// holds its partner and its seller; a service or webhook stream is checked against the data that
// names it) and its data gives the ids. Anything else (bans, a stream this does not know, data that
// disagrees with its stream) is for operators only: the stream fails closed.
import { streams } from '../shared/streams.js';
import { authorizationIdOf } from '../shared/ids.js';

export interface ChangeIds {
  serviceId?: string;
  partnerId?: string;
  sellerId?: string;
  authorizationId?: string;
  proposalId?: string;
}

/** One event of the stream as API.md gives it: ids only, the client reads the view it needs. */
export interface Change {
  position: string;
  type: string;
  ids: ChangeIds;
}

/** Who may see an event besides auditors and admins: its partner, its seller, or neither. */
export interface ChangeAudience {
  partnerId?: string;
  sellerId?: string;
}

export interface ChangeSource {
  streamName: string;
  type: string;
  data: unknown;
  position: bigint;
}

export interface Watcher {
  role: string;
  sub: string;
}

const ID_FIELDS = ['serviceId', 'partnerId', 'sellerId', 'authorizationId', 'proposalId'] as const;
const OPERATORS_ONLY: ChangeAudience = {};

const fieldsOf = (data: unknown): Record<string, unknown> =>
  typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const unescape = (part: string) => part.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** The partner and the seller of a binding stream, read back from its name (only a canonical name). */
export function bindingOfStream(streamName: string): { partnerId: string; sellerId: string } | undefined {
  if (!streamName.startsWith('binding-')) return undefined;
  const parts = streamName.slice('binding-'.length).split('-');
  if (parts.length !== 2) return undefined;
  const [partnerId, sellerId] = parts.map(unescape) as [string, string];
  if (!partnerId || !sellerId || streams.binding(partnerId, sellerId) !== streamName) return undefined;
  return { partnerId, sellerId };
}

export function audienceOf(event: Pick<ChangeSource, 'streamName' | 'data'>): ChangeAudience {
  const data = fieldsOf(event.data);
  const binding = bindingOfStream(event.streamName);
  if (binding) {
    const disagrees = (field: 'partnerId' | 'sellerId') => data[field] !== undefined && data[field] !== binding[field];
    return disagrees('partnerId') || disagrees('sellerId') ? OPERATORS_ONLY : binding;
  }
  const partnerId = text(data.partnerId);
  if (!partnerId) return OPERATORS_ONLY;
  const serviceId = text(data.serviceId);
  if (serviceId && event.streamName === streams.service(serviceId)) return { partnerId };
  const webhookId = text(data.webhookId);
  if (webhookId && event.streamName === streams.webhook(webhookId)) return { partnerId };
  return OPERATORS_ONLY;
}

/** Whether this principal's stream carries the event (API.md: the same ownership as the routes). */
export function mayWatch(watcher: Watcher, event: Pick<ChangeSource, 'streamName' | 'data'>): boolean {
  switch (watcher.role) {
    case 'admin':
    case 'auditor':
      return true;
    case 'partner':
      return audienceOf(event).partnerId === watcher.sub;
    case 'seller':
      return audienceOf(event).sellerId === watcher.sub;
    default:
      return false;
  }
}

export function changeOf(event: ChangeSource): Change {
  const data = fieldsOf(event.data);
  const ids: ChangeIds = {};
  for (const field of ID_FIELDS) {
    const value = text(data[field]);
    if (value) ids[field] = value;
  }
  const binding = bindingOfStream(event.streamName);
  if (binding) {
    ids.partnerId ??= binding.partnerId;
    ids.sellerId ??= binding.sellerId;
    // An authorization's id is its binding and its service: derivable where an event leaves it out.
    if (!ids.authorizationId && ids.serviceId && event.type.startsWith('Authorization'))
      ids.authorizationId = authorizationIdOf({ ...binding, serviceId: ids.serviceId });
  }
  return { position: String(event.position), type: event.type, ids };
}
