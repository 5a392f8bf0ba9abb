// Deliveries are signed as the Standard Webhooks specification says, verifiable with its library;
// the secret is kept sealed and opens only with the server's key, for its own webhook.
import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newWebhookSecret, SecretSealer, signedHeaders } from '../../libs/shell/src/webhooks/secrets.js';

const JWT_SECRET = 'a-jwt-secret-that-is-long-enough-0123456789';
const body = JSON.stringify({ id: 'msg_1', type: 'AUTHORIZATION_GRANTED', occurredAt: '2026-03-01T10:00:00.000Z', partnerId: 'partner-1', data: {} });

describe('the signing secret', () => {
  it('is whsec_ and the base64 of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

describe('a delivery', () => {
  it('verifies with the library and the secret', () => {
    const secret = newWebhookSecret();
    const headers = signedHeaders([secret], 'msg_1', body, new Date());
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is HMAC-SHA256 of "<id>.<timestamp>.<body>" keyed with the bytes the secret encodes', () => {
    const secret = newWebhookSecret();
    const at = new Date('2026-03-01T10:00:00.900Z');
    const headers = signedHeaders([secret], 'msg_1', body, at);
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`msg_1.${headers['webhook-timestamp']}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('does not verify with another secret, another body or an old timestamp', () => {
    const secret = newWebhookSecret();
    const headers = signedHeaders([secret], 'msg_1', body, new Date());
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body.replace('partner-1', 'partner-2'), headers)).toThrow(WebhookVerificationError);
    const old = signedHeaders([secret], 'msg_1', body, new Date(Date.now() - 10 * 60_000));
    expect(() => new Webhook(secret).verify(body, old)).toThrow('too old');
  });

  it('with two secrets (a rotation in its overlap): two signatures, space-separated, each verifying with its own secret', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signedHeaders([current, previous], 'msg_1', body, new Date());
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=* v1,[A-Za-z0-9+/]+=*$/);
    const [first, second] = headers['webhook-signature']!.split(' ');
    expect(first).toBe(signedHeaders([current], 'msg_1', body, new Date(Number(headers['webhook-timestamp']) * 1000))['webhook-signature']);
    expect(second).toBe(signedHeaders([previous], 'msg_1', body, new Date(Number(headers['webhook-timestamp']) * 1000))['webhook-signature']);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });
});

describe('the sealed secret', () => {
  it('opens with the same key, for the same webhook only', () => {
    const sealer = new SecretSealer(undefined, JWT_SECRET);
    const secret = newWebhookSecret();
    const sealed = sealer.seal(secret, 'wh_1');
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealed).not.toBe(sealer.seal(secret, 'wh_1'));
    expect(new SecretSealer(undefined, JWT_SECRET).unseal(sealed, 'wh_1')).toBe(secret);
    expect(() => sealer.unseal(sealed, 'wh_2')).toThrow();
  });

  it('WEBHOOK_SECRETS_KEY, when set, is the key; another key does not open it', () => {
    const configured = new SecretSealer('a-webhook-secrets-key-of-32-bytes-or-more', JWT_SECRET);
    const sealed = configured.seal('whsec_abc', 'wh_1');
    expect(new SecretSealer('a-webhook-secrets-key-of-32-bytes-or-more', 'another-jwt-secret-entirely-0123456789').unseal(sealed, 'wh_1')).toBe('whsec_abc');
    expect(() => new SecretSealer(undefined, JWT_SECRET).unseal(sealed, 'wh_1')).toThrow();
    expect(() => new SecretSealer('another-webhook-secrets-key-32-bytes!!', JWT_SECRET).unseal(sealed, 'wh_1')).toThrow();
  });
});
