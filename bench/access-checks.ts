// 5. Access checks (GET /v1/access-checks, read from the event store, never stale) by a partner
// over its sellers, autocannon at 32 connections, against GET /v1/whoami of the same server in
// the same run. The sellers are granted through the API first; a tenth of the checks name a
// seller without an authorization, and the permissions rotate.
import { join } from 'node:path';
import { CONNECTIONS, secondsFor, whoami } from './http-commands.js';
import { type Bench, isEntryPoint } from './support/context.js';
import { runStandalone } from './support/execute.js';
import { fire, type PlannedRequest } from './support/load.js';
import { row, target } from './support/report.js';
import { grantBody, publishService, request, type Server, startServer } from './support/server.js';

const PERMISSIONS = ['DATA_COMPASS', 'AUTHORIZED_OBJECT:SHOP', 'SHOP_OPERATION_TICKET', 'SELLER_CENTER_LOGIN', 'AUTHORIZED_OBJECT:TIKTOK_ACCOUNT'];
export const PARTNER = 'bench-partner';

/** Grants `count` sellers through the API, a few at a time. */
export async function grantSellers(server: Server, service: { serviceId: string; linkCode: string }, count: number): Promise<string[]> {
  const body = JSON.parse(grantBody(service)) as unknown;
  const sellers = Array.from({ length: count }, (_, i) => `checked-seller-${i}`);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const answer = await request(server, 'POST', '/v1/authorizations', server.token({ role: 'seller', sub: sellers[i]!, market: 'US_L2L' }), body);
      if (answer.status !== 201) throw new Error(`granting ${sellers[i]}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return sellers;
}

export function checks(server: Server, sellers: readonly string[], seconds: number) {
  const token = server.token({ role: 'partner', sub: PARTNER });
  const perConnection = 997; // a prime: connections walk the sellers and permissions out of step
  return fire(server.url, {
    seconds,
    connections: CONNECTIONS,
    plan: (c) =>
      Array.from({ length: perConnection }, (_, i): PlannedRequest => {
        const n = c * perConnection + i;
        const seller = n % 10 === 9 ? `never-granted-${n}` : sellers[(n * 7) % sellers.length]!;
        return { method: 'GET', path: `/v1/access-checks?partnerId=${PARTNER}&sellerId=${seller}&permission=${PERMISSIONS[n % PERMISSIONS.length]}`, token };
      }),
  });
}

export const bench: Bench = {
  name: 'access-checks',
  title: '5. Access checks',
  async run(ctx) {
    const seconds = secondsFor(ctx.quick);
    const sellerCount = ctx.quick ? 100 : 2_000;
    const server = await startServer({ dataDir: join(ctx.dir, 'data') });
    ctx.log(`server ${server.pid} answering on ${server.url}`);
    try {
      const service = await publishService(server, server.token({ role: 'partner', sub: PARTNER }));
      const sellers = await grantSellers(server, service, sellerCount);
      ctx.log(`granted ${sellers.length} sellers through the API`);
      const probe = await request(
        server,
        'GET',
        `/v1/access-checks?partnerId=${PARTNER}&sellerId=${sellers[0]}&permission=DATA_COMPASS`,
        server.token({ role: 'partner', sub: PARTNER }),
      );
      if (probe.status !== 200 || probe.body.allowed !== true)
        throw new Error(`an access check of a granted seller: ${probe.status} ${JSON.stringify(probe.body)}`);

      const warmup = ctx.quick ? 0.5 : 2;
      await whoami(server, warmup);
      await checks(server, sellers, warmup);
      const base: number[] = [];
      const rps: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      const non2xx: number[] = [];
      for (let run = 1; run <= ctx.runs; run++) {
        const w = await whoami(server, seconds);
        const a = await checks(server, sellers, seconds);
        base.push(w.rps);
        rps.push(a.rps);
        p50.push(a.p50);
        p99.push(a.p99);
        non2xx.push(a.non2xx + a.errors);
        ctx.log(
          `run ${run}/${ctx.runs}: whoami ${Math.round(w.rps)} req/s, access checks ${Math.round(a.rps)} req/s p50 ${a.p50} ms p99 ${a.p99} ms, codes ${JSON.stringify(a.statusCodes)}`,
        );
      }
      const size = `${CONNECTIONS} connections x ${seconds} s; ${sellerCount.toLocaleString('en-US')} sellers`;
      return {
        size,
        rows: [
          row({ id: 'access.whoami', label: 'baseline: GET /v1/whoami', unit: 'req/s', size, values: base }),
          row({
            id: 'access.checks',
            label: 'GET /v1/access-checks',
            unit: 'req/s',
            size,
            values: rps,
            baseline: { label: 'whoami', values: base },
            target: target.ratioAtLeast(0.5, 'whoami'),
          }),
          row({ id: 'access.checks.p50', label: 'access checks p50', unit: 'ms', size, values: p50 }),
          row({ id: 'access.checks.p99', label: 'access checks p99', unit: 'ms', size, values: p99 }),
          row({
            id: 'access.checks.non2xx',
            label: 'access checks answered other than 200 (or errors)',
            unit: 'count',
            size,
            values: non2xx,
            target: target.exactly(0),
          }),
        ],
        notes: [
          `access checks by the partner's token over ${sellerCount} granted sellers (1 in 10 never granted), permissions rotating over ${PERMISSIONS.join(', ')}`,
        ],
      };
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver output:\n${server.output()}`, { cause: error });
    } finally {
      await server.stop();
    }
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
