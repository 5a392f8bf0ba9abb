// Every malformed or hostile request of the tables is refused with the status the contract names,
// as application/problem+json (errors[] naming the field where there is one), and leaves the log
// exactly as it was: not one event appended.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Answer, startApi, type TestApi } from '../support/app.js';
import { expectProblem, T0 } from '../e2e/helpers.js';
import { BAD_TOKENS } from './hostile-tokens.table.js';
import { CHANGES } from './hostile-requests.table.js';
import {
  type HostileRequest,
  IPV6_TRANSITION_ADDRESSES,
  MALFORMED,
  NULLS_CHARSETS_AND_NUMBERS,
  OPERATORS,
  OTHER_PRINCIPALS,
  OVERSIZED,
  OVERSIZED_LISTS,
  PROTOTYPE_KEYS,
  PROTOTYPE_NAMED_IDS,
  type Row,
  UNKNOWN_FIELDS,
  WEBHOOKS_AND_AUDIT,
  WRONG_ROLES,
  WRONG_TYPES,
} from './hostile-requests.table.js';
import { claimsAt, forgeJwt } from './support/jwt.js';
import { buildWorld, fill, SERVICE, type World } from './support/world.js';

const TABLES: Record<string, Row[]> = {
  'the change stream': CHANGES,
  'bad JSON and bodies that are not objects': MALFORMED,
  'wrong types': WRONG_TYPES,
  'unknown fields': UNKNOWN_FIELDS,
  'operator objects': OPERATORS,
  '__proto__ and constructor keys': PROTOTYPE_KEYS,
  'huge strings, bodies and headers': OVERSIZED,
  'huge arrays and pages': OVERSIZED_LISTS,
  'wrong roles': WRONG_ROLES,
  "other principals' ids": OTHER_PRINCIPALS,
  'bad tokens': BAD_TOKENS,
  'webhooks, audit and operator routes': WEBHOOKS_AND_AUDIT,
  'ids named like Object.prototype properties': PROTOTYPE_NAMED_IDS,
  'nulls, charsets and numbers written loosely': NULLS_CHARSETS_AND_NUMBERS,
  'IPv6 transition addresses': IPV6_TRANSITION_ADDRESSES,
};

describe('hostile requests', () => {
  let api: TestApi;
  let world: World;

  const send = (request: HostileRequest): Promise<Answer> => {
    const client = api.as(request.as);
    const url = fill(request.url, world.ids);
    const headers = request.headers ?? {};
    if (request.raw !== undefined) return client.raw(request.method, url, fill(request.raw, world.ids), headers);
    const body = request.body === undefined ? undefined : JSON.stringify(fill(request.body, world.ids));
    return client.raw(request.method, url, body, headers);
  };

  beforeAll(async () => {
    api = await startApi({ now: T0 });
    world = await buildWorld(api);
  });
  afterAll(() => api.close());

  it('has at least 60 rows, over every command route of the contract', () => {
    const rows = Object.values(TABLES).flat();
    expect(rows.length).toBeGreaterThanOrEqual(60);
    const routes = new Set(
      rows.map(
        (r) =>
          `${r.request.method} ${r.request.url
            .split('?')[0]!
            .replace(/\{\w+\}/g, ':id')
            .replace(/(partners|sellers)\/[\w-]+\/ban/, '$1/:id/ban')
            .replace(/webhooks\/wh_[\w-]+/, 'webhooks/:id')}`,
      ),
    );
    for (const route of [
      'POST /v1/services',
      'POST /v1/services/:id/deactivate',
      'POST /v1/authorizations',
      'PATCH /v1/authorizations/:id',
      'DELETE /v1/authorizations/:id',
      'POST /v1/authorizations/:id/renew',
      'POST /v1/authorizations/:id/cancel',
      'POST /v1/authorizations/:id/cancellation-requests',
      'POST /v1/authorizations/:id/cancellation-requests/approve',
      'POST /v1/authorizations/:id/renewal-requests',
      'POST /v1/partner/renewal-requests',
      'POST /v1/proposals',
      'POST /v1/proposals/:id/sign',
      'POST /v1/proposals/:id/withdraw',
      'POST /v1/proposals/:id/decline',
      'POST /v1/admin/authorizations/:id/deactivate',
      'POST /v1/admin/partners/:id/ban',
      'GET /v1/partner/sellers',
      'GET /v1/seller/services',
      'GET /v1/access-checks',
      'POST /v1/webhooks',
      'DELETE /v1/webhooks/:id',
      'GET /v1/audit/events',
      'POST /v1/admin/read-models/replays',
    ])
      expect(routes).toContain(route);
  });

  for (const [category, rows] of Object.entries(TABLES)) {
    describe(category, () => {
      it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
        const before = await api.eventCount();
        const answer = await send(row.request);
        expectProblem(answer, row.expect.status, row.expect.field);
        if (row.expect.code) expect(answer.body.code).toBe(row.expect.code);
        expect(await api.eventCount()).toBe(before);
      });
    });
  }

  it('no prototype was polluted by what was sent', () => {
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).status).toBeUndefined();
    expect(({} as Record<string, unknown>).dataCompass).toBeUndefined();
  });

  describe('the controls: what is near the edge but allowed passes', () => {
    const now = Date.parse(T0) / 1000;
    it.each([
      ['expired 20 s ago, within the 30 s skew', claimsAt(now - 600, { exp: now - 20 })],
      ['issued 20 s in the future, within the skew', claimsAt(now, { iat: now + 20 })],
      ['no iat at all', claimsAt(now, { iat: undefined })],
    ])('%s', async (_name, claims) => {
      const answer = await api.as(forgeJwt(claims)).get('/v1/partner/services');
      expect(answer.status).toBe(200);
    });

    it('a name of 120 characters, 1,000 seller ids and pageSize=100 are accepted', async () => {
      const published = await api.as(world.partner).post('/v1/services', {
        ...SERVICE,
        name: 'x'.repeat(120),
        visibility: 'CUSTOM',
        sellerIds: Array.from({ length: 1_000 }, (_, i) => `shop-${i}`),
      });
      expect(published.status).toBe(201);
      expect((await api.as(world.partner).get('/v1/partner/sellers?pageSize=100')).status).toBe(200);
    });

    it('an empty JSON object to a route that takes no body is no body', async () => {
      const renewed = await api.as(world.seller).post(`/v1/authorizations/${world.ids.active}/renew`, {});
      expect(renewed.status).toBe(200);
    });
  });
});
