// The signing secret of a webhook: made here and shown once, kept only sealed (AES-256-GCM) in the
// WebhookSubscribed event (or WebhookSecretRotated), and opened at delivery time to sign. The sealing key is
// WEBHOOK_SECRETS_KEY, or, when unset, derived from the JWT secret (HKDF), so the embedded default
// needs no extra setting. The webhook id is the sealed value's associated data: a sealed secret
// copied onto another webhook does not open.
//
// Signing is the `standardwebhooks` library's (the Standard Webhooks specification's own
// reference implementation): HMAC-SHA256 of "<id>.<timestamp>.<body>" keyed with the bytes the
// `whsec_` secret encodes.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const VERSION = 'v1';
const SALT = 'tsp-authorization/webhook-secrets';

/** `whsec_` + base64 of 32 random bytes, as the Standard Webhooks libraries read it. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export class SecretSealer {
  private readonly key: Buffer;

  /** `configuredKey`: WEBHOOK_SECRETS_KEY; otherwise the key is derived from `jwtSecret`. */
  constructor(configuredKey: string | undefined, jwtSecret: string) {
    const [material, info] = configuredKey ? [configuredKey, 'WEBHOOK_SECRETS_KEY'] : [jwtSecret, 'derived from AUTH_JWT_SECRET'];
    this.key = Buffer.from(hkdfSync('sha256', material, SALT, `webhook secret sealing key, ${info}`, 32));
  }

  seal(secret: string, webhookId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(webhookId));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
  }

  /** Throws when the value was sealed with another key or for another webhook. */
  unseal(sealed: string, webhookId: string): string {
    const [version, iv, body] = sealed.split('.');
    if (version !== VERSION || !iv || !body) throw new Error('not a sealed webhook secret');
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(webhookId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  }
}

/**
 * Signed with each secret (the current one first, then those rotated out but still in their
 * overlap): one `v1,<signature>` per secret, space-separated, as Standard Webhooks allows; a
 * receiver that knows any one of them verifies the delivery.
 */
export function signedHeaders(secrets: readonly string[], notificationId: string, body: string, at: Date): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'tsp-authorization-webhooks/1',
    'webhook-id': notificationId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(notificationId, at, body)).join(' '),
  };
}
