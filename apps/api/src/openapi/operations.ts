// Every operation's summary and description, in the words of the contract (docs/API.md: the
// route tables, whose rows are copied here as descriptions; the routes outside them from its
// Operations paragraph and docs/AUDIT.md). One table rather than a decorator per handler: the
// document is checked against it as a whole (test/operations/openapi-lint.e2e.spec.ts names any
// operation left without), and an @ApiOperation on a handler still wins where there is one.
export interface OperationText {
  summary: string;
  description: string;
}

export const OPERATION_TEXTS: Record<string, OperationText> = {
  'POST /v1/services': {
    summary: 'Publish a service',
    description:
      'Publish a service. Body: `{ name (1..120), description? (..2000), visibility: "PUBLIC" | "CUSTOM", markets: Market[] (1..5), requestedScopes, validityDays?: 1..365 (default 365, the longest validity a seller may grant), sellerIds?: string[] (CUSTOM only, required there, 1..1000) }`. 201 `{ serviceId, linkCode, authorizationLink, position }`.',
  },
  'GET /v1/services/{serviceId}': {
    summary: 'Read a service',
    description: '`ServiceView` (owner partner; sellers may read PUBLIC ones and CUSTOM ones naming them).',
  },
  'GET /v1/partner/services': {
    summary: "List the partner's services",
    description:
      "The partner's own services: `{ items: ServiceView[] }`, each with `activeAuthorizations` (a count); query `status` (`ACTIVE`, `DEACTIVATED`).",
  },
  'POST /v1/services/{serviceId}/deactivate': {
    summary: 'Deactivate a service',
    description:
      'Owner partner or admin; `{ reason? }`. The service can no longer be granted; every `ACTIVE` authorization of it becomes `DEACTIVATED`, including one whose grant raced the deactivation.',
  },
  'GET /v1/partner/sellers': {
    summary: 'Seller management page',
    description:
      "The Seller management page. Query: `status`, `market`, `serviceId`, `sellerId`, `expiringWithinDays` (1..365: `ACTIVE` ones whose `expiresAt` falls within), `sort` (`grantedAt`, `-grantedAt`, `expiresAt`, `-expiresAt`, `updatedAt`, `-updatedAt`; default `-updatedAt`), `page` (from 1), `pageSize` (1..100, default 20). 200 `{ items: AuthorizationView[], total, page, pageSize, countsByStatus: { ACTIVE, EXPIRED, CANCELLED, DEACTIVATED } }` (`countsByStatus` counts all of this partner's authorizations under the same filters but `status`). With `Accept: text/csv` it answers every matching row, unpaged, as CSV with a header line.",
  },
  'POST /v1/authorizations/{authorizationId}/renewal-requests': {
    summary: 'Ask the seller to renew',
    description:
      "The partner asks the seller to renew (sends the link again). 201 `{ authorizationLink, position }`; the seller's page shows `renewalRequestedAt`.",
  },
  'POST /v1/partner/renewal-requests': {
    summary: 'Ask many sellers to renew',
    description:
      'The same for many at once: `{ authorizationIds?: string[] (1..1000), expiringWithinDays?: 1..365 }` (exactly one of them). 201 `{ requested: number, position }`.',
  },
  'POST /v1/authorizations/{authorizationId}/cancellation-requests': {
    summary: 'Ask the seller to cancel',
    description:
      'The partner asks to end an `ACTIVE` authorization: `{ reason (1..500), note? (..2000) }`. 201 `{ position }`. It stays `ACTIVE` while pending; the seller approves or rejects; unanswered for 72 hours, it is cancelled. After a rejection the partner may ask again only 144 hours later (409 before).',
  },
  'POST /v1/proposals': {
    summary: 'Send a service proposal',
    description:
      'A service proposal (offer) to one seller, `US_L2L`/`US_CB` only: `{ sellerId, sellerMarket, services: [{ serviceId, scopes, validityDays? }] (1..10), message? (..2000), expiresInDays?: 1..90 (default 30) }`. 201 `{ proposalId, position }`.',
  },
  'GET /v1/partner/proposals': { summary: "List the partner's proposals", description: '`{ items: ProposalView[] }`; query `status`.' },
  'POST /v1/proposals/{proposalId}/withdraw': { summary: 'Withdraw a proposal', description: 'While `PENDING`.' },
  'POST /v1/webhooks': {
    summary: 'Subscribe a webhook',
    description:
      'Subscribe to notifications: `{ url, eventTypes?: WebhookEventType[] (default all) }`. 201 `{ webhookId, secret, position }`: the secret signs deliveries and is shown only here.',
  },
  'GET /v1/webhooks': { summary: "List the partner's webhooks", description: '`{ items: [{ webhookId, url, eventTypes, createdAt }] }` (no secrets).' },
  'DELETE /v1/webhooks/{webhookId}': { summary: 'Unsubscribe a webhook', description: 'Unsubscribe.' },
  'POST /v1/webhooks/{webhookId}/secret-rotations': {
    summary: "Rotate a webhook's signing secret",
    description:
      'A new signing secret: 201 `{ secret, position }` (shown only here). Until the old secret expires (`WEBHOOK_SECRET_OVERLAP_HOURS`, default 24) deliveries carry two signatures in `Webhook-Signature`, one per secret, space-separated as Standard Webhooks allows; then the new one alone.',
  },
  'GET /v1/webhooks/{webhookId}/deliveries': {
    summary: "List a webhook's deliveries",
    description:
      'The newest deliveries first: `{ items: [{ deliveryId, eventId, eventType, attempts, status: "PENDING" | "DELIVERED" | "FAILED", lastStatusCode?, lastError?, nextAttemptAt?, deliveredAt? }] }`.',
  },
  'GET /v1/authorization-links/{linkCode}': {
    summary: 'Open an authorization link',
    description:
      "What the seller sees on opening a partner's link: `{ partnerId, services: [{ serviceId, name, description, offerableScopes, validityDays }] }`: all of that partner's services that are active, visible to this seller, offered in its market, and not `ACTIVE` for it. `offerableScopes` is what this seller's market allows of what the service requests. Also `unavailable: [{ serviceId, name, reason }]`: the partner's services this seller may see but cannot authorize now, `reason` one of `ALREADY_ACTIVE`, `NOT_OFFERED_IN_MARKET`, `DEACTIVATED` (a CUSTOM service that does not name the seller is never listed). A link works as long as its service's partner is not banned; it never expires by time.",
  },
  'POST /v1/authorizations': {
    summary: 'Grant services',
    description:
      'Grant one or several services of that partner at once, all or nothing: `{ linkCode, grants: [{ serviceId, scopes, validityDays?, autoRenew? }] (1..50) }`. 201 `{ authorizations: [{ authorizationId, serviceId, status, expiresAt }], position }`.',
  },
  'GET /v1/seller/services': {
    summary: 'My service page',
    description: 'The "my service" page: `{ items: AuthorizationView[], menuPath: string[] }`; query `status`, `expiringWithinDays`.',
  },
  'PATCH /v1/authorizations/{authorizationId}': { summary: 'Edit an authorization', description: 'Edit: `{ scopes?, autoRenew? }` (at least one).' },
  'POST /v1/authorizations/{authorizationId}/renew': { summary: 'Renew an authorization', description: 'Renew.' },
  'POST /v1/authorizations/{authorizationId}/cancel': { summary: 'Cancel an authorization', description: 'Cancel; `{ reason? }`. Only the seller can cancel.' },
  'POST /v1/authorizations/{authorizationId}/cancellation-requests/approve': {
    summary: 'Approve a cancellation request',
    description: "Approve the partner's pending cancellation request: the authorization is `CANCELLED`.",
  },
  'POST /v1/authorizations/{authorizationId}/cancellation-requests/reject': {
    summary: 'Reject a cancellation request',
    description: 'Reject it; `{ reason? }`: the authorization stays `ACTIVE`.',
  },
  'DELETE /v1/authorizations/{authorizationId}': {
    summary: "Remove an authorization from the seller's page",
    description: "Remove a non-`ACTIVE` authorization from the seller's page (its history stays).",
  },
  'GET /v1/seller/proposals': {
    summary: "List the seller's proposals",
    description: 'Proposals addressed to this seller: `{ items: ProposalView[] }`; query `status`.',
  },
  'POST /v1/proposals/{proposalId}/sign': {
    summary: 'Sign a proposal',
    description:
      "Sign: grants the proposed services as one grant and answers like `POST /v1/authorizations`. The seller's market must be the proposal's `sellerMarket` (else 422). If a service can no longer be granted the proposal ends `FAILED` with the reason and the answer is 409.",
  },
  'POST /v1/proposals/{proposalId}/decline': { summary: 'Decline a proposal', description: 'Decline; `{ reason? }`.' },
  'GET /v1/authorizations/{authorizationId}': {
    summary: 'Read an authorization',
    description: '`AuthorizationView` read from the event store itself, with `ETag: "<revision>"`; the seller, the partner, admin, auditor.',
  },
  'GET /v1/access-checks': {
    summary: 'Check access',
    description:
      'May this partner do this on this seller now? `permission`: `DATA_COMPASS`, `SHOP_OPERATION_TICKET`, `SELLER_CENTER_LOGIN` (any role), `SELLER_CENTER:<ROLE>`, `AUTHORIZED_OBJECT:<OBJECT>` (`SHOP` is allowed by `SHOP` or `SHOP_AND_TIKTOK_ACCOUNT`, likewise `TIKTOK_ACCOUNT`). 200 `{ allowed, reason, authorizationIds, expiresAt? }`: `authorizationIds` lists the `ACTIVE` authorizations that allow it, `expiresAt` the latest of their ends, `reason` one of `ALLOWED`, `NO_AUTHORIZATION`, `SCOPE_NOT_GRANTED`, `EXPIRED`, `CANCELLED`, `DEACTIVATED`. Never stale: a cancel is denied from the next call on. Caller: that partner, that seller, or admin.',
  },
  'GET /v1/changes': {
    summary: 'Follow changes (Server-Sent Events)',
    description:
      'Server-Sent Events (`text/event-stream`): every event the caller may see, in log order, as `id: <position>`, `event: <event type>`, `data: { position, type, ids: { serviceId?, partnerId?, sellerId?, authorizationId?, proposalId? } }` (ids only: read the view you need). A partner sees the events of its own services, authorizations, proposals and webhooks; a seller those of its own authorizations and the proposals addressed to it; auditor and admin all. `Last-Event-ID` (or `?after=<position>`) resumes after that position with nothing skipped; a comment line every 15 s keeps the stream open through proxies.',
  },
  'POST /v1/admin/authorizations/{authorizationId}/deactivate': { summary: 'Deactivate an authorization (admin)', description: 'Admin; `{ reason? }`.' },
  'POST /v1/admin/partners/{partnerId}/ban': {
    summary: 'Ban a partner (admin)',
    description:
      'Admin; `{ reason }`: every service of the partner and every `ACTIVE` authorization given to it is deactivated, and from then on its commands are 403.',
  },
  'POST /v1/admin/sellers/{sellerId}/ban': {
    summary: 'Ban a seller (admin)',
    description: 'Admin; `{ reason }`: every `ACTIVE` authorization of the seller is deactivated, and from then on its commands are 403.',
  },
  'GET /v1/audit/events': {
    summary: 'Read the event history',
    description:
      'The global history in order, a page at a time: `{ events: AuditEvent[], nextPosition }` (`limit` 1..1000, default 100; `fromPosition` exclusive; `nextPosition` is null at the end; `type` may repeat).',
  },
  'GET /v1/audit/authorizations/{authorizationId}/history': {
    summary: "Read an authorization's history",
    description:
      "`{ authorizationId, events: AuditEvent[] }`, every event of that authorization, oldest first. Also open to the authorization's own partner and seller.",
  },
  'GET /v1/audit/authorizations/{authorizationId}/state': {
    summary: 'Read an authorization as of a time',
    description: '`AuthorizationView` as it stood at that time, rebuilt from its events (404 if it did not exist yet).',
  },
  'GET /v1/whoami': { summary: 'Who am I', description: 'The principal the bearer token names: `{ role, sub, market? }` (the console signs in with it).' },
  'POST /v1/admin/read-models/replays': {
    summary: 'Start a read-model replay (admin)',
    description:
      "Rebuilds read models from the log, blue/green: the pages keep answering from the current read models until the rebuilt ones have caught up, then switch to them. `{ projection }` (a read model's name, or `all`); 202 with `Location` and the replay's progress (docs/AUDIT.md).",
  },
  'GET /v1/admin/read-models/replays/{replayId}': {
    summary: 'Follow a read-model replay (admin)',
    description: "The replay's progress: `status` `RUNNING`, `SWITCHED` or `FAILED`, events applied and left, events per second, time left.",
  },
  'GET /health/live': {
    summary: 'Liveness',
    description: 'The process answers: 200 as long as it does. It looks at nothing else, so a slow store never gets the process restarted.',
  },
  'GET /health/ready': {
    summary: 'Readiness',
    description:
      "200 only when the stores answer and the read models have caught up with the log as it stood at start; the body reports each projection's lag. 503 otherwise.",
  },
  'GET /metrics': { summary: 'Prometheus metrics', description: 'Prometheus text: commands, events, projection lag, webhook deliveries, HTTP, Node.' },
  'GET /docs': { summary: 'OpenAPI UI', description: 'The OpenAPI UI (Swagger UI) of this document.' },
  'GET /console': {
    summary: 'Web console',
    description:
      "The web console (HTML, no token needed to load it). `/console#token=<JWT>` signs in with that token; the fragment never reaches the server. It shows the pages of the signed-in role: the partner's services, Seller management page, proposals and webhooks; the seller's authorization page (from a link code) and my service page; the auditor's event log and an authorization's timeline.",
  },
  'GET /docs-json': {
    summary: 'This OpenAPI document',
    description: 'The OpenAPI document, which documents every route with its schemas and the bearer scheme.',
  },
};

/** Tag descriptions: every tag an operation uses is declared at the top of the document. */
export const TAGS: Record<string, string> = {
  services: 'A partner publishes public or custom services and deactivates them',
  'partner pages': "The partner's pages: its services, the Seller management page, its proposals",
  'seller pages': "The seller's pages: my service, its proposals, and what a partner's link offers it",
  authorizations: 'Granting, reading, editing, renewing, cancelling and removing authorizations; renewal and cancellation requests',
  proposals: 'Service proposals (US L2L and US CB): sent by a partner, signed or declined by the seller',
  'access checks': 'May this partner do this on this seller now? Read from the event store, never stale',
  webhooks: "A partner's notification subscriptions and their deliveries",
  admin: 'Operators: deactivations, bans, read-model replays',
  audit: "The event history, an authorization's history and its state as of any time",
  principal: 'The principal a token names',
  changes: 'Live: the events the caller may see, as Server-Sent Events, resumable with Last-Event-ID',
  operations: 'Health, metrics and this document (no token)',
};
