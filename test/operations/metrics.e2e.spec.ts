// /metrics: Prometheus text, without a token, with every metric of docs/OPERATIONS.md labelled as
// it says (route templates, never URLs), and the projections' lag measured at scrape.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InProcessProjector } from '../../libs/shell/src/read-side/projector.service.js';
import { DeliveryWorker } from '../../libs/shell/src/webhooks/delivery-worker.js';
import { WebhookDispatcher } from '../../libs/shell/src/webhooks/webhook-dispatcher.js';
import { principals, startApi, type TestApi } from '../support/app.js';
import { Receiver } from '../webhooks/receiver.js';

const { partner, seller } = principals;

/** `name{labels} value` lines as a map, comments left out. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('GET /metrics', () => {
  let api: TestApi;
  let ok: Receiver;
  let failing: Receiver;

  const scrape = async () => {
    const answer = await api.as(null).get('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(answer.text);
  };

  beforeAll(async () => {
    api = await startApi({ config: { webhookAllowHttp: true, webhookAllowPrivate: true, minPositionWaitMs: 20 } });
    ok = await Receiver.start(() => 204);
    failing = await Receiver.start(() => 500);
    for (const url of [ok.url, failing.url])
      expect((await api.as(partner).post('/v1/webhooks', { url, eventTypes: ['AUTHORIZATION_GRANTED'] })).status).toBe(201);
    const service = await api
      .as(partner)
      .post('/v1/services', { name: 'Ads', visibility: 'PUBLIC', markets: ['US_L2L'], requestedScopes: { authorizedObjects: ['SHOP'] } });
    const grant = (scopes: object) =>
      api.as(seller).post('/v1/authorizations', { linkCode: service.body.linkCode, grants: [{ serviceId: service.body.serviceId, scopes }] });
    expect((await grant({ authorizedObject: 'SHOP', dataCompass: true })).status).toBe(422);
    expect((await grant({ authorizedObject: 'SHOP' })).status).toBe(201);
    expect((await api.as(seller).get('/v1/authorizations/au_unknown')).status).toBe(404);
    expect((await api.as(null).get('/no/such/route')).status).toBe(404);
    await api.app.get(WebhookDispatcher).settle();
    await api.app.get(DeliveryWorker).pump();
    await api.app.get(DeliveryWorker).idle();
  });
  afterAll(async () => {
    await api?.close();
    await Promise.all([ok?.close(), failing?.close()]);
  });

  it('counts commands by type and outcome, and events by type', async () => {
    const m = await scrape();
    expect(m.get('tsp_command_duration_seconds_count{command="PublishService",outcome="appended"}')).toBe(1);
    expect(m.get('tsp_command_duration_seconds_count{command="GrantAuthorizations",outcome="refused"}')).toBe(1);
    expect(m.get('tsp_command_duration_seconds_count{command="GrantAuthorizations",outcome="appended"}')).toBe(1);
    expect(m.get('tsp_command_duration_seconds_bucket{le="+Inf",command="SubscribeWebhook",outcome="appended"}')).toBe(2);
    expect(m.get('tsp_events_appended_total{type="ServicePublished"}')).toBe(1);
    expect(m.get('tsp_events_appended_total{type="AuthorizationGranted"}')).toBe(1);
    expect(m.get('tsp_events_appended_total{type="WebhookSubscribed"}')).toBe(2);
  });

  it('counts webhook deliveries by outcome', async () => {
    const m = await scrape();
    expect([m.get('tsp_webhook_deliveries_total{outcome="delivered"}'), m.get('tsp_webhook_deliveries_total{outcome="retry"}')]).toEqual([1, 1]);
  });

  it('counts HTTP requests by method, route template and status, with their durations', async () => {
    const m = await scrape();
    expect(m.get('tsp_http_requests_total{method="POST",route="/v1/authorizations",status="422"}')).toBe(1);
    expect(m.get('tsp_http_requests_total{method="GET",route="/v1/authorizations/:authorizationId",status="404"}')).toBe(1);
    expect(m.get('tsp_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(m.get('tsp_http_request_duration_seconds_count{method="POST",route="/v1/services",status="201"}')).toBe(1);
    expect([...m.keys()].some((k) => k.includes('au_unknown') || k.includes('/no/such/route'))).toBe(false);
  });

  it("has Node's default metrics", async () => {
    const m = await scrape();
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds'])
      expect([name, m.has(name)]).toEqual([name, true]);
  });

  it("reports each projection's lag in events and seconds", async () => {
    const m = await scrape();
    expect(m.get('tsp_projection_lag_events{projection="authorizations"}')).toBe(0);
    expect(m.get('tsp_projection_lag_seconds{projection="webhooks"}')).toBe(0);
    // The projector stops; a command is appended that it does not apply; 30 s pass.
    await api.app.get(InProcessProjector).runner.stop();
    expect(
      (await api.as(partner).post('/v1/services', { name: 'Late', visibility: 'PUBLIC', markets: ['EU'], requestedScopes: { dataCompass: true } })).status,
    ).toBe(201);
    api.clock.advance(30_000);
    const later = await scrape();
    for (const projection of ['authorizations', 'services', 'proposals', 'authorization-deadlines', 'proposal-deadlines', 'webhooks']) {
      expect([projection, later.get(`tsp_projection_lag_events{projection="${projection}"}`)]).toEqual([projection, 1]);
      expect([projection, later.get(`tsp_projection_lag_seconds{projection="${projection}"}`)]).toEqual([projection, 30]);
    }
  });
});
