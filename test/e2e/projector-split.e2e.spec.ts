// The production shape, in process: a stateless API (RUN_PROJECTOR=false) and a projector app
// (projections, processes, webhook deliveries) over the same stores; a second projector waiting
// for the lease does nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock, testConfig, tokenSigner } from '#libs/platform';
import { createApp } from '../../apps/api/src/app.js';
import { openEmbeddedStores, type EmbeddedStores } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { Processes } from '../../libs/shell/src/processes/processes.service.js';
import { InProcessProjector } from '../../libs/shell/src/read-side/projector.service.js';
import { createProjectorApp } from '../../apps/projector/src/projector-app.js';
import { principals, TEST_SECRET } from '../support/app.js';

const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const sign = tokenSigner(TEST_SECRET, clock);
let stores: EmbeddedStores;
let api: NestFastifyApplication;
let projector: NestFastifyApplication;
let standby: NestFastifyApplication;

const call = async (
  app: NestFastifyApplication,
  method: 'GET' | 'POST',
  url: string,
  who?: (typeof principals)[keyof typeof principals],
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const res = await app.inject({
    method,
    url,
    headers: { ...(who && { authorization: `Bearer ${sign(who)}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
};

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  stores = openEmbeddedStores(undefined);
  const base = { clock, ...stores, jwtSecret: TEST_SECRET };
  api = await createApp({ ...base, config: testConfig({ runProjector: false }) });
  projector = await createProjectorApp({ ...base, config: testConfig({ runProjector: true }) });
  standby = await createProjectorApp({
    ...base,
    config: testConfig({ runProjector: true }),
    gate: { open: () => new Promise<void>(() => undefined), close: async () => undefined },
  });
});

afterAll(async () => {
  await Promise.all([api.close(), projector.close(), standby.close()]);
  await stores.close();
});

describe('a stateless API with a separate projector', () => {
  it('the API runs no background work; the projector serves only health and metrics', () => {
    expect(() => api.get(Processes)).toThrow();
    expect(projector.get(Processes)).toBeDefined();
  });

  it("reads its writes through X-Min-Position, from the projector's read models", async () => {
    const ready = await eventually(
      () => call(api, 'GET', '/health/ready'),
      (r) => r.status === 200,
    );
    expect(ready.status).toBe(200);
    const published = await call(api, 'POST', '/v1/services', principals.partner, {
      name: 'Ads',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    });
    expect(published.status).toBe(201);
    const page = await call(api, 'GET', '/v1/partner/services', principals.partner, undefined, { 'x-min-position': published.body.position });
    expect(page.status).toBe(200);
    expect(page.body.items.map((s: { serviceId: string }) => s.serviceId)).toEqual([published.body.serviceId]);
    expect((await call(projector, 'GET', '/v1/partner/services', principals.partner)).status).toBe(404);
    expect((await call(projector, 'GET', '/health/ready')).status).toBe(200);
  });

  it("the projector's processes cascade a deactivation the API received", async () => {
    const published = await call(api, 'POST', '/v1/services', principals.partner, {
      name: 'Reports',
      visibility: 'PUBLIC',
      markets: ['US_L2L'],
      requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
    });
    const granted = await call(api, 'POST', '/v1/authorizations', principals.seller, {
      linkCode: published.body.linkCode,
      grants: [{ serviceId: published.body.serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
    });
    expect(granted.status).toBe(201);
    expect((await call(api, 'POST', `/v1/services/${published.body.serviceId}/deactivate`, principals.partner, {})).status).toBe(200);
    const id = granted.body.authorizations[0].authorizationId;
    const view = await eventually(
      () => call(api, 'GET', `/v1/authorizations/${id}`, principals.seller),
      (r) => r.body?.status === 'DEACTIVATED',
    );
    expect(view.body).toMatchObject({ status: 'DEACTIVATED', endReason: 'SERVICE_DEACTIVATED' });
  });

  it('a projector waiting for the lease applies nothing and is not ready', async () => {
    expect(standby.get(InProcessProjector).position()).toBe(0n);
    expect((await call(standby, 'GET', '/health/ready')).status).toBe(503);
  });
});
