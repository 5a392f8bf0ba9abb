// 2. Commands over HTTP: grants (POST /v1/authorizations) by distinct sellers, every request a
// new seller with its own token, against a published service, autocannon at 32 connections.
// Baseline: GET /v1/whoami of the same server (a trivial authenticated route), same run.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type Bench, isEntryPoint } from './support/context.js';
import { runStandalone } from './support/execute.js';
import { fire, type LoadResult } from './support/load.js';
import { row, target } from './support/report.js';
import { grantBody, publishService, type Server, startServer } from './support/server.js';

export const CONNECTIONS = 32;
export const secondsFor = (quick: boolean) => (quick ? 1.5 : 10);

/** The trivial authenticated route, with one seller's token: the same client work per request as the routes it is compared with. */
export function whoami(server: Server, seconds: number): Promise<LoadResult> {
  const token = server.token({ role: 'seller', sub: 'whoami-seller', market: 'US_L2L' });
  return fire(server.url, { seconds, connections: CONNECTIONS, plan: () => [{ method: 'GET', path: '/v1/whoami', token }] });
}

/**
 * Grants by sellers never seen before: each connection gets its own list of sellers, each with a
 * token of its own, minted before the load starts. `perConnection` must outlast the run (a
 * connection that runs out starts its list again, and those repeats answer 409).
 */
export function grants(
  server: Server,
  service: { serviceId: string; linkCode: string },
  label: string,
  seconds: number,
  perConnection: number,
  acked: Set<string>,
) {
  const body = grantBody(service);
  const plans = Array.from({ length: CONNECTIONS }, (_, c) =>
    Array.from({ length: perConnection }, (_, i) => {
      const sellerId = `${label}-c${c}-${i}`;
      return {
        method: 'POST' as const,
        path: '/v1/authorizations',
        token: server.token({ role: 'seller', sub: sellerId, market: 'US_L2L' }),
        body,
        tag: sellerId,
      };
    }),
  );
  return fire<string>(server.url, {
    seconds,
    connections: CONNECTIONS,
    plan: (c) => plans[c]!,
    onStatus: (status, sellerId) => {
      if (status === 201 && sellerId) acked.add(sellerId);
    },
  });
}

/** How many requests one connection may need: what the trivial route managed, with a margin. */
export const perConnectionFor = (whoamiRps: number, seconds: number) => Math.ceil(((Math.max(whoamiRps, 2_000) * seconds) / CONNECTIONS) * 1.5) + 50;

/** The sellers that have an AuthorizationGranted in the server's log (read beside it: WAL readers do not block it). */
function grantedSellersIn(dataDir: string): Set<string> {
  const db = new Database(join(dataDir, 'events.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT json_extract(data, '$.sellerId') AS sellerId FROM events WHERE type = 'AuthorizationGranted'").all() as Array<{
      sellerId: string;
    }>;
    return new Set(rows.map((r) => r.sellerId));
  } finally {
    db.close();
  }
}

export const bench: Bench = {
  name: 'http-commands',
  title: '2. Commands over HTTP',
  async run(ctx) {
    const seconds = secondsFor(ctx.quick);
    const server = await startServer({ dataDir: join(ctx.dir, 'data') });
    ctx.log(`server ${server.pid} answering on ${server.url}`);
    try {
      const partner = server.token({ role: 'partner', sub: 'bench-partner' });
      const service = await publishService(server, partner);
      const acked = new Set<string>();

      // Warm-up (JIT, caches, the log's first pages), not measured.
      const warmup = ctx.quick ? 0.5 : 2;
      const warm = await whoami(server, warmup);
      await grants(server, service, 'warm', warmup, perConnectionFor(warm.rps, warmup), acked);

      const base: number[] = [];
      const rps: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      const baseP99: number[] = [];
      const non2xx: number[] = [];
      for (let run = 1; run <= ctx.runs; run++) {
        const w = await whoami(server, seconds);
        const g = await grants(server, service, `run${run}`, seconds, perConnectionFor(w.rps, seconds), acked);
        if (g.wrapped) ctx.log(`run ${run}: a connection used up its sellers (raise perConnectionFor)`);
        base.push(w.rps);
        baseP99.push(w.p99);
        rps.push(g.rps);
        p50.push(g.p50);
        p99.push(g.p99);
        non2xx.push(g.non2xx + g.errors);
        ctx.log(
          `run ${run}/${ctx.runs}: whoami ${Math.round(w.rps)} req/s (p99 ${w.p99} ms), grants ${Math.round(g.rps)} req/s p50 ${g.p50} ms p99 ${g.p99} ms, codes ${JSON.stringify(
            g.statusCodes,
          )}, errors ${g.errors}`,
        );
      }
      const stored = grantedSellersIn(server.dataDir);
      let missing = 0;
      for (const seller of acked) if (!stored.has(seller)) missing++;
      const size = `${CONNECTIONS} connections x ${seconds} s`;
      return {
        size,
        rows: [
          row({ id: 'http.whoami', label: 'baseline: GET /v1/whoami', unit: 'req/s', size, values: base }),
          row({ id: 'http.whoami.p99', label: 'baseline: GET /v1/whoami p99', unit: 'ms', size, values: baseP99 }),
          row({
            id: 'http.grants',
            label: 'grants POST /v1/authorizations, distinct sellers',
            unit: 'req/s',
            size,
            values: rps,
            baseline: { label: 'whoami', values: base },
            target: target.ratioAtLeast(0.3, 'whoami'),
          }),
          row({ id: 'http.grants.p50', label: 'grants p50', unit: 'ms', size, values: p50 }),
          row({ id: 'http.grants.p99', label: 'grants p99', unit: 'ms', size, values: p99, target: target.below(50, 'ms') }),
          row({
            id: 'http.grants.non2xx',
            label: 'grants answered other than 201 (or errors)',
            unit: 'count',
            size,
            values: non2xx,
            target: target.exactly(0),
          }),
          row({
            id: 'http.grants.missing',
            label: 'acknowledged grants missing from the log',
            unit: 'count',
            size,
            values: [missing],
            target: target.exactly(0),
          }),
        ],
        notes: [
          `server: node dist/apps/api/src/main.js in a child process (embedded default, LOG_LEVEL=warn, RATE_LIMIT_PER_MINUTE=100000000); autocannon in the bench process; every grant by a new seller with its own token; ${acked.size.toLocaleString('en-US')} grants acknowledged (201), ${stored.size.toLocaleString('en-US')} AuthorizationGranted in the log, ${missing} acknowledged ones missing`,
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
