// Stream design: one binding (partner x seller) holds that pair's authorizations and proposals,
// so every decision that must be atomic or guarded against duplicates is one append to one stream.
const escape = (id: string) => id.replace(/[%-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export const streams = {
  service: (serviceId: string) => `service-${escape(serviceId)}`,
  binding: (partnerId: string, sellerId: string) => `binding-${escape(partnerId)}-${escape(sellerId)}`,
  partner: (partnerId: string) => `partner-${escape(partnerId)}`,
  seller: (sellerId: string) => `seller-${escape(sellerId)}`,
  webhook: (webhookId: string) => `webhook-${escape(webhookId)}`,
};

/** Every stream of the product starts with one of these: subscriptions filter on them. */
export const STREAM_PREFIXES = ['service-', 'binding-', 'partner-', 'seller-', 'webhook-'] as const;
