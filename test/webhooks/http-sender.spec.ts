// One attempt over HTTP: any 2xx is delivered; anything else, a redirect or no answer in time is
// a failure with a short reason; a refused address is never connected to.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postWebhook } from '../../libs/shell/src/webhooks/http-sender.js';
import { Receiver } from './receiver.js';

const open = { allowHttp: true, allowPrivate: true };
let receiver: Receiver;
beforeAll(async () => (receiver = await Receiver.start()));
afterAll(async () => receiver.close());

const post = (options = {}) =>
  postWebhook(receiver.url, '{"id":"msg_1"}', { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, { ...open, ...options });

describe('an attempt', () => {
  it('any 2xx is delivered; the body and headers arrive as sent', async () => {
    receiver.behaviour = () => 202;
    expect(await post()).toEqual({ ok: true, statusCode: 202 });
    const last = receiver.received.at(-1)!;
    expect(last.body).toBe('{"id":"msg_1"}');
    expect(last.headers['webhook-id']).toBe('msg_1');
  });

  it('an error status fails with a short reason, never the whole answer', async () => {
    receiver.behaviour = () => 500;
    const result = await post();
    expect(result).toMatchObject({ ok: false, statusCode: 500 });
    expect(result.error).toMatch(/^HTTP 500: nope nope/);
    expect(result.error!.length).toBeLessThanOrEqual(210);
  });

  it('a redirect is not followed', async () => {
    receiver.behaviour = () => 302;
    const before = receiver.received.length;
    expect(await post()).toEqual({ ok: false, statusCode: 302, error: 'HTTP 302: redirects are not followed' });
    expect(receiver.received.length).toBe(before + 1);
  });

  it('no answer in time fails', async () => {
    receiver.behaviour = () => 'hang';
    expect(await post({ timeoutMs: 100 })).toEqual({ ok: false, error: 'no answer within 0.1 s' });
  });

  it('nobody listening fails', async () => {
    expect(await postWebhook('http://127.0.0.1:1/hooks', '{}', {}, open)).toEqual({ ok: false, error: 'connection refused' });
  });

  it('a refused address is checked again at delivery time and never connected to', async () => {
    receiver.behaviour = () => 204;
    const before = receiver.received.length;
    expect(await post({ allowPrivate: false })).toEqual({ ok: false, error: 'refused: the host 127.0.0.1 resolves to 127.0.0.1, a loopback address' });
    const rebound = await postWebhook(
      `http://rebinding.example:${receiver.port}/`,
      '{}',
      {},
      { allowHttp: true, allowPrivate: false, resolve: async () => [{ address: '10.0.0.7', family: 4 }] },
    );
    expect(rebound).toEqual({ ok: false, error: 'refused: the host rebinding.example resolves to 10.0.0.7, a private address' });
    expect(await post({ allowHttp: false })).toEqual({ ok: false, error: 'refused: the URL must be https' });
    expect(receiver.received.length).toBe(before);
  });

  it('connects to the address that was checked, not to a second DNS answer', async () => {
    receiver.behaviour = () => 204;
    // The name does not exist: only the pinned address can reach the receiver.
    const result = await postWebhook(
      `http://pinned.invalid:${receiver.port}/hooks`,
      '{}',
      {},
      { ...open, resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
    );
    expect(result).toEqual({ ok: true, statusCode: 204 });
    expect(receiver.received.at(-1)!.headers.host).toBe(`pinned.invalid:${receiver.port}`);
  });
});
