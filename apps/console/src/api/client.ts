// The console's one API client: every call the pages make goes through here, typed from the
// OpenAPI document the server serves (schema.d.ts, `npm run console:api-types`). A command's
// answer carries the position of its last event; every later read sends the highest one seen as
// X-Min-Position, so the signed-in user always sees their own writes.
import type { components, operations } from './schema';
import { session } from '../session';

type Schemas = components['schemas'];
export type Market = Schemas['WhoAmI']['market'] & string;
export type WhoAmI = Schemas['WhoAmI'];
export type AuthorizationView = Schemas['AuthorizationView'];
export type AuthorizationStatus = AuthorizationView['status'];
export type Scopes = Schemas['ScopesView'];
export type RequestedScopes = Schemas['RequestedScopesDto'];
export type OfferableScopes = Schemas['OfferableScopesView'];
export type PartnerService = Schemas['PartnerServiceView'];
export type SellerManagementPage = Schemas['SellerManagementPage'];
export type ProposalView = Schemas['ProposalView'];
export type LinkPage = Schemas['LinkPageView'] & { unavailable?: { serviceId: string; name: string; reason: string }[] };
export type MyServicePage = Schemas['MyServicePage'];
export type AuditEvent = Schemas['AuditEventDto'];
export type AuditEventsPage = Schemas['AuditEventsPageDto'];
export type Webhook = Schemas['WebhookDto'];
export type Delivery = Schemas['DeliveryDto'];
export type PublishService = Schemas['PublishServiceDto'];
export type Grant = Schemas['GrantDto'];
export type CreateProposal = Schemas['CreateProposalDto'];
export type WebhookEventType = Schemas['SubscribeWebhookDto']['eventTypes'] extends (infer T)[] | undefined ? T : never;
export type SellersQuery = NonNullable<operations['PartnerPages_sellers']['parameters']['query']>;

export interface FieldError {
  field: string;
  message: string;
}

/** An application/problem+json answer (or a network failure, as a problem with status 0). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

let seenPosition = 0n;
const listeners = new Set<() => void>();

/** Called by the pages after a command, so that they read again (with X-Min-Position). */
export function onWrite(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function remember(position: unknown): void {
  if (typeof position === 'string' && /^\d+$/.test(position) && BigInt(position) > seenPosition) seenPosition = BigInt(position);
}

type Query = Record<string, string | number | boolean | string[] | undefined>;

function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {}))
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined && one !== '') params.append(name, String(one));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function problemOf(response: Response): Promise<Problem> {
  const body = await response.json().catch(() => undefined);
  if (body && typeof body === 'object' && 'detail' in body)
    return new Problem(response.status, String(body.title ?? response.statusText), String(body.detail), Array.isArray(body.errors) ? body.errors : []);
  return new Problem(response.status, response.statusText || 'Error', `the server answered HTTP ${response.status}`);
}

async function send(method: string, path: string, options: { body?: unknown; query?: Query; accept?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'GET' && seenPosition > 0n) headers['x-min-position'] = seenPosition.toString();
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), { method, headers, ...(options.body !== undefined && { body: JSON.stringify(options.body) }) });
  } catch (error) {
    throw new Problem(0, 'Network error', `the server could not be reached: ${(error as Error).message}`);
  }
  if (response.status === 401) session.expired();
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function read<T>(path: string, query?: Query): Promise<T> {
  return (await send('GET', path, { query })).json() as Promise<T>;
}

async function command<T = { position: string }>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, { body: body ?? (method === 'POST' ? {} : undefined) });
  remember(response.headers.get('x-event-position'));
  const answer = response.status === 204 ? ({} as T) : ((await response.json().catch(() => ({}))) as T);
  remember((answer as { position?: unknown }).position);
  for (const listener of listeners) listener();
  return answer;
}

const id = encodeURIComponent;

export const api = {
  whoami: () => read<WhoAmI>('/v1/whoami'),

  // Partner
  partnerServices: (status?: string) => read<{ items: PartnerService[] }>('/v1/partner/services', { status }),
  publishService: (body: PublishService) => command<Schemas['ServicePublished']>('POST', '/v1/services', body),
  deactivateService: (serviceId: string, reason?: string) => command('POST', `/v1/services/${id(serviceId)}/deactivate`, reason ? { reason } : {}),
  sellers: (query: SellersQuery) => read<SellerManagementPage>('/v1/partner/sellers', query as Query),
  sellersCsv: async (query: SellersQuery) =>
    (await send('GET', urlOf('/v1/partner/sellers', { ...(query as Query), page: undefined, pageSize: undefined }), { accept: 'text/csv' })).blob(),
  requestRenewal: (authorizationId: string) => command('POST', `/v1/authorizations/${id(authorizationId)}/renewal-requests`),
  requestRenewals: (body: { authorizationIds?: string[]; expiringWithinDays?: number }) =>
    command<{ requested: number; position: string }>('POST', '/v1/partner/renewal-requests', body),
  requestCancellation: (authorizationId: string, reason: string, note?: string) =>
    command('POST', `/v1/authorizations/${id(authorizationId)}/cancellation-requests`, { reason, ...(note && { note }) }),
  partnerProposals: (status?: string) => read<{ items: ProposalView[] }>('/v1/partner/proposals', { status }),
  createProposal: (body: CreateProposal) => command<{ proposalId: string; position: string }>('POST', '/v1/proposals', body),
  withdrawProposal: (proposalId: string) => command('POST', `/v1/proposals/${id(proposalId)}/withdraw`),
  webhooks: () => read<{ items: Webhook[] }>('/v1/webhooks'),
  subscribeWebhook: (body: { url: string; eventTypes?: WebhookEventType[] }) =>
    command<{ webhookId: string; secret: string; position: string }>('POST', '/v1/webhooks', body),
  unsubscribeWebhook: (webhookId: string) => command('DELETE', `/v1/webhooks/${id(webhookId)}`),
  // Documented in API.md; regenerate schema.d.ts once the route is in /docs-json.
  rotateWebhookSecret: (webhookId: string) => command<{ secret: string; position: string }>('POST', `/v1/webhooks/${id(webhookId)}/secret-rotations`),
  deliveries: (webhookId: string) => read<{ items: Delivery[] }>(`/v1/webhooks/${id(webhookId)}/deliveries`),

  // Seller
  linkPage: (linkCode: string) => read<LinkPage>(`/v1/authorization-links/${id(linkCode)}`),
  grant: (linkCode: string, grants: Grant[]) => command<Schemas['GrantAnswer']>('POST', '/v1/authorizations', { linkCode, grants }),
  myServices: (status?: string) => read<MyServicePage>('/v1/seller/services', { status }),
  edit: (authorizationId: string, body: { scopes?: Scopes; autoRenew?: boolean }) => command('PATCH', `/v1/authorizations/${id(authorizationId)}`, body),
  renew: (authorizationId: string) => command('POST', `/v1/authorizations/${id(authorizationId)}/renew`),
  cancel: (authorizationId: string, reason?: string) => command('POST', `/v1/authorizations/${id(authorizationId)}/cancel`, reason ? { reason } : {}),
  approveCancellation: (authorizationId: string) => command('POST', `/v1/authorizations/${id(authorizationId)}/cancellation-requests/approve`),
  rejectCancellation: (authorizationId: string, reason?: string) =>
    command('POST', `/v1/authorizations/${id(authorizationId)}/cancellation-requests/reject`, reason ? { reason } : {}),
  remove: (authorizationId: string) => command('DELETE', `/v1/authorizations/${id(authorizationId)}`),
  sellerProposals: (status?: string) => read<{ items: ProposalView[] }>('/v1/seller/proposals', { status }),
  signProposal: (proposalId: string) => command('POST', `/v1/proposals/${id(proposalId)}/sign`),
  declineProposal: (proposalId: string, reason?: string) => command('POST', `/v1/proposals/${id(proposalId)}/decline`, reason ? { reason } : {}),

  // Both sides, audit, admin
  service: (serviceId: string) => read<Schemas['ServiceView']>(`/v1/services/${id(serviceId)}`),
  authorization: (authorizationId: string) => read<AuthorizationView>(`/v1/authorizations/${id(authorizationId)}`),
  auditEvents: (query: { fromPosition?: string; limit?: number; type?: string[] }) => read<AuditEventsPage>('/v1/audit/events', query),
  history: (authorizationId: string) => read<Schemas['AuthorizationHistoryDto']>(`/v1/audit/authorizations/${id(authorizationId)}/history`),
  stateAsOf: (authorizationId: string, asOf: string) => read<AuthorizationView>(`/v1/audit/authorizations/${id(authorizationId)}/state`, { asOf }),
  banPartner: (partnerId: string, reason: string) => command('POST', `/v1/admin/partners/${id(partnerId)}/ban`, { reason }),
  banSeller: (sellerId: string, reason: string) => command('POST', `/v1/admin/sellers/${id(sellerId)}/ban`, { reason }),
  adminDeactivate: (authorizationId: string, reason?: string) =>
    command('POST', `/v1/admin/authorizations/${id(authorizationId)}/deactivate`, reason ? { reason } : {}),
};
