// Structured logs: one JSON line per request with its correlation id (the client's X-Correlation-Id,
// or one made for it, answered back and put into the metadata of the events it appends), and no
// token, JWT secret or webhook secret in any line of an end-to-end run that used them all.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { streams } from '#libs/domain';
import type { Principal } from '#libs/platform';
import { startApi, TEST_SECRET, type TestApi } from '../support/app.js';
import { contractRun, type Recorded, recording } from './support/contract-run.js';

interface Line {
  level: string;
  time: string;
  msg: string;
  correlationId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  context?: string;
}

describe('structured logs', () => {
  let api: TestApi;
  let text = '';
  const tokens = new Set<string>();
  let answers: Recorded[];

  const lines = (): Line[] =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  const requestLines = () => lines().filter((l) => l.req && l.res);

  beforeAll(async () => {
    const destination = new Writable({ write: (chunk, _encoding, done) => ((text += chunk.toString()), done()) });
    api = await startApi({
      config: { logLevel: 'debug', webhookAllowHttp: true, webhookAllowPrivate: true, minPositionWaitMs: 50 },
      logDestination: destination,
    });
    const recorder = recording(api);
    // The tokens the run sends, to look for them in the logs afterwards.
    const as = (who: Principal | string | null, headers?: Record<string, string>) => {
      const token = who !== null && typeof who === 'object' ? api.token(who) : who;
      if (token) tokens.add(token);
      return recorder.as(token, headers);
    };
    await contractRun(api, as);
    answers = recorder.answers;
  });
  afterAll(() => api?.close());

  it('writes one JSON line per request, with the correlation id, method, URL, status and time', () => {
    const requests = requestLines();
    expect(requests).toHaveLength(answers.length + probesBeforeRun(requests));
    for (const line of requests) {
      const failed = line.res!.statusCode >= 500;
      expect(line).toMatchObject({
        level: failed ? 'error' : expect.stringMatching(/^(debug|info)$/),
        time: expect.any(String),
        msg: failed ? 'request errored' : 'request completed',
      });
      expect(line.correlationId).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
      expect(typeof line.responseTime).toBe('number');
    }
    expect(requests.find((l) => l.req!.url.startsWith('/v1/access-checks?'))).toMatchObject({ level: 'info', res: { statusCode: 200 } });
    expect(requests.find((l) => l.req!.url === '/health/live')).toMatchObject({ level: 'debug' });
    // Nest's own logs are JSON lines of the same logger, with their context.
    expect(lines().some((l) => l.context === 'NestApplication')).toBe(true);
  });

  it("takes the client's X-Correlation-Id, answers it back, logs it and puts it into the events' metadata", async () => {
    const partner = { role: 'partner', sub: 'partner-9' } as Principal;
    const sent = await api
      .as(partner, { 'X-Correlation-Id': 'ops-corr-1' })
      .post('/v1/services', { name: 'Traced', visibility: 'PUBLIC', markets: ['EU'], requestedScopes: { dataCompass: true } });
    expect(sent.status).toBe(201);
    expect(sent.headers['x-correlation-id']).toBe('ops-corr-1');
    expect(
      requestLines()
        .filter((l) => l.correlationId === 'ops-corr-1')
        .map((l) => l.req),
    ).toEqual([{ method: 'POST', url: '/v1/services' }]);
    const events = await api.store.readStream(streams.service(sent.body.serviceId));
    expect(events.map((e) => e.metadata.correlationId)).toEqual(['ops-corr-1']);

    const made = await api.as(partner, { 'X-Correlation-Id': 'not valid: spaces' }).get('/v1/partner/services');
    const id = String(made.headers['x-correlation-id']);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().filter((l) => l.correlationId === id)).toHaveLength(1);
  });

  it('never logs a token, the JWT secret or a webhook secret', () => {
    const secrets = answers.map((a) => /"secret":"(whsec_[^"]+)"/.exec(a.text)?.[1]).filter((s): s is string => !!s);
    expect(secrets.length).toBeGreaterThan(0);
    expect(tokens.size).toBeGreaterThan(3);
    const leaks = [...tokens, TEST_SECRET, ...secrets].filter((secret) => text.includes(secret));
    expect(leaks).toEqual([]);
    expect(text).not.toMatch(/whsec_|Bearer |eyJ[A-Za-z0-9_-]{10,}/);
    expect(text.length).toBeGreaterThan(10_000);
  });
});

/** startApi polls /health/ready until it answers 200 before the run: those requests are logged too. */
function probesBeforeRun(requests: Line[]): number {
  let n = 0;
  while (requests[n]?.req?.url === '/health/ready') n++;
  return n;
}
