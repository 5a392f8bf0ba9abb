// Webhook URLs that could reach the platform's own network are refused at subscription: 422
// naming `url`, and nothing appended. https only unless WEBHOOK_ALLOW_HTTP=true.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { principals, startApi, type TestApi } from '../support/app.js';
import { expectStatus, refused } from './helpers.js';

const { partner } = principals;
let api: TestApi;
beforeAll(async () => (api = await startApi()));
afterAll(async () => api.close());

const subscribe = (url: unknown, extra: Record<string, unknown> = {}) => api.as(partner).post('/v1/webhooks', { url, ...extra });

describe('refused at subscription (422 naming url)', () => {
  it.each([
    ['plain http', 'http://tsp.example.com/hooks'],
    ['loopback', 'https://127.0.0.1/hooks'],
    ['loopback by name', 'https://localhost/hooks'],
    ['loopback IPv6', 'https://[::1]/hooks'],
    ['loopback, IPv4-mapped', 'https://[::ffff:127.0.0.1]/hooks'],
    ['private 10/8', 'https://10.0.0.1/hooks'],
    ['private 172.16/12', 'https://172.16.5.4/hooks'],
    ['private 192.168/16', 'https://192.168.0.1/hooks'],
    ['carrier-grade NAT', 'https://100.64.0.1/hooks'],
    ['unique local IPv6', 'https://[fd00::1]/hooks'],
    ['link-local', 'https://169.254.10.10/hooks'],
    ['link-local IPv6', 'https://[fe80::1]/hooks'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data'],
    ['unspecified', 'https://0.0.0.0/hooks'],
    ['credentials in the URL', 'https://user:secret@tsp.example.com/hooks'],
    ['a scheme other than http(s)', 'ftp://tsp.example.com/hooks'],
  ])('%s: %s', async (_kind, url) => {
    const answer = await refused(api, () => subscribe(url), 422, 'url', { strict: true });
    expect(answer.body.code).toBe('WEBHOOK.URL_REFUSED');
  });

  it('a host that does not resolve', async () => {
    await refused(api, () => subscribe('https://no-such-host.invalid/hooks'), 422, 'url', { strict: true });
  });
});

describe('the request itself', () => {
  it.each([
    ['not a URL', { url: 'not a url' }],
    ['no url', {}],
    ['an unknown event type', { url: 'https://93.184.215.14/hooks', eventTypes: ['SOMETHING_ELSE'] }],
    ['no event type at all', { url: 'https://93.184.215.14/hooks', eventTypes: [] }],
    ['an unknown field', { url: 'https://93.184.215.14/hooks', secret: 'mine' }],
  ])('%s: 400', async (_what, body) => {
    await refused(api, () => api.as(partner).post('/v1/webhooks', body), 400, undefined, { strict: true });
  });
});

describe('accepted', () => {
  it('a public https address', async () => {
    expectStatus(await subscribe('https://93.184.215.14/hooks'), 201);
  });

  it('WEBHOOK_ALLOW_HTTP and WEBHOOK_ALLOW_PRIVATE lift the rules (local receivers, tests)', async () => {
    const local = await startApi({ config: { webhookAllowHttp: true, webhookAllowPrivate: true } });
    try {
      expectStatus(await local.as(partner).post('/v1/webhooks', { url: 'http://127.0.0.1:8080/hooks' }), 201);
      expectStatus(await local.as(partner).post('/v1/webhooks', { url: 'http://localhost:8080/hooks' }), 201);
    } finally {
      await local.close();
    }
  });
});
