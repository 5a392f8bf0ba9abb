// Builds state fast for process tests: domain events appended straight to the log, exactly as
// the deciders would have written them.
import { randomUUID } from 'node:crypto';
import { type AuthorizationGranted, grantedEvent, type Market, normalizeScopes, type PublishedService, streams } from '#libs/domain';
import type { EventStore } from '#libs/event-store';

export async function seedGrants(
  store: EventStore,
  service: PublishedService,
  sellerIds: readonly string[],
  options: { now: string; market?: Market; validityDays?: number; autoRenew?: boolean },
): Promise<string[]> {
  const scopes = normalizeScopes({ authorizedObject: 'SHOP', dataCompass: true });
  const granted: AuthorizationGranted[] = sellerIds.map((sellerId) =>
    grantedEvent(
      { partnerId: service.partnerId, sellerId, market: options.market ?? 'US_L2L' },
      { service, scopes, validityDays: options.validityDays ?? service.validityDays, autoRenew: options.autoRenew ?? false },
      options.now,
    ),
  );
  await Promise.all(
    granted.map((event) =>
      store.append(
        streams.binding(event.data.partnerId, event.data.sellerId),
        [
          {
            eventId: randomUUID(),
            type: event.type,
            data: event.data,
            metadata: {
              actor: { role: 'seller', sub: event.data.sellerId },
              correlationId: randomUUID(),
              causationId: null,
              occurredAt: options.now,
              schemaVersion: 1,
            },
          },
        ],
        'any',
      ),
    ),
  );
  return granted.map((g) => g.data.authorizationId);
}

/** Every event of the log, in order. */
export async function allEvents(store: EventStore) {
  const out = [];
  for (let from = 0n; ;) {
    const page = await store.readAll({ fromPosition: from, limit: 10_000 });
    if (!page.length) return out;
    out.push(...page);
    from = page[page.length - 1]!.position;
  }
}
