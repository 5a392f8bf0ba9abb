// 8. A realistic mix at 32 connections: 90% access checks, 5% Seller management pages, 5% grants
// by new sellers, interleaved on every connection; requests/s and p99 per kind (each response's
// time, as autocannon measured it), against GET /v1/whoami of the same server in the same run.
import { join } from 'node:path';
import { grantSellers, PARTNER } from './access-checks.js';
import { CONNECTIONS, perConnectionFor, secondsFor, whoami } from './http-commands.js';
import { type Bench, isEntryPoint } from './support/context.js';
import { runStandalone } from './support/execute.js';
import { fire, type PlannedRequest } from './support/load.js';
import { row, target } from './support/report.js';
import { percentile } from './support/stats.js';
import { grantBody, publishService, startServer } from './support/server.js';

type Kind = 'check' | 'page' | 'grant';
const KINDS: Kind[] = ['check', 'page', 'grant'];
const PERMISSIONS = ['DATA_COMPASS', 'AUTHORIZED_OBJECT:SHOP', 'SHOP_OPERATION_TICKET', 'SELLER_CENTER_LOGIN'];
const STATUSES = ['ACTIVE', 'EXPIRED', 'CANCELLED', 'DEACTIVATED'];
const SORTS = ['grantedAt', '-grantedAt', 'expiresAt', '-expiresAt', 'updatedAt', '-updatedAt'];
const LABELS: Record<Kind, string> = { check: 'access checks (90%)', page: 'Seller management pages (5%)', grant: 'grants by new sellers (5%)' };

/** Of every 20 requests: one grant (the 10th), one page (the 20th), 18 access checks. */
const kindOf = (i: number): Kind => (i % 20 === 9 ? 'grant' : i % 20 === 19 ? 'page' : 'check');

export const bench: Bench = {
  name: 'mix',
  title: '8. A realistic mix',
  async run(ctx) {
    const seconds = secondsFor(ctx.quick);
    const sellerCount = ctx.quick ? 100 : 2_000;
    const server = await startServer({ dataDir: join(ctx.dir, 'data') });
    ctx.log(`server ${server.pid} answering on ${server.url}`);
    try {
      const partnerToken = server.token({ role: 'partner', sub: PARTNER });
      const service = await publishService(server, partnerToken);
      const sellers = await grantSellers(server, service, sellerCount);
      ctx.log(`granted ${sellers.length} sellers through the API`);
      const body = grantBody(service);
      let round = 0;
      const mix = (runSeconds: number, perConnection: number) => {
        const r = round++;
        const times: Record<Kind, number[]> = { check: [], page: [], grant: [] };
        const codes: Record<Kind, Record<string, number>> = { check: {}, page: {}, grant: {} };
        const plan = (c: number) =>
          Array.from({ length: perConnection }, (_, i): PlannedRequest<Kind> => {
            const n = c * perConnection + i;
            const kind = kindOf(i);
            if (kind === 'grant') {
              const seller = `mix-r${r}-c${c}-${i}`;
              return { method: 'POST', path: '/v1/authorizations', token: server.token({ role: 'seller', sub: seller, market: 'US_L2L' }), body, tag: kind };
            }
            if (kind === 'page')
              return {
                method: 'GET',
                path: `/v1/partner/sellers?status=${STATUSES[n % STATUSES.length]}&sort=${SORTS[n % SORTS.length]}&page=${1 + (n % 5)}&pageSize=20`,
                token: partnerToken,
                tag: kind,
              };
            const seller = n % 10 === 9 ? `never-granted-${n}` : sellers[(n * 7) % sellers.length]!;
            return {
              method: 'GET',
              path: `/v1/access-checks?partnerId=${PARTNER}&sellerId=${seller}&permission=${PERMISSIONS[n % PERMISSIONS.length]}`,
              token: partnerToken,
              tag: kind,
            };
          });
        return fire<Kind>(server.url, {
          seconds: runSeconds,
          connections: CONNECTIONS,
          plan,
          onStatus: (status, kind, ms) => {
            if (!kind) return;
            times[kind].push(ms);
            codes[kind][status] = (codes[kind][status] ?? 0) + 1;
          },
        }).then((result) => ({ result, times, codes }));
      };
      const warmup = ctx.quick ? 0.5 : 2;
      const w0 = await whoami(server, warmup);
      await mix(warmup, perConnectionFor(w0.rps, warmup));
      const base: number[] = [];
      const total: number[] = [];
      const rps: Record<Kind, number[]> = { check: [], page: [], grant: [] };
      const p99: Record<Kind, number[]> = { check: [], page: [], grant: [] };
      const bad: number[] = [];
      for (let run = 1; run <= ctx.runs; run++) {
        const w = await whoami(server, seconds);
        const { result, times, codes } = await mix(seconds, perConnectionFor(w.rps, seconds));
        base.push(w.rps);
        total.push(result.rps);
        let wrong = result.errors;
        for (const kind of KINDS) {
          rps[kind].push(times[kind].length / result.seconds);
          p99[kind].push(percentile(times[kind], 99));
          const ok = kind === 'grant' ? '201' : '200';
          for (const [code, count] of Object.entries(codes[kind])) if (code !== ok) wrong += count;
        }
        bad.push(wrong);
        ctx.log(
          `run ${run}/${ctx.runs}: whoami ${Math.round(w.rps)}/s; mix ${Math.round(result.rps)}/s: ` +
            KINDS.map((k) => `${k} ${Math.round(times[k].length / result.seconds)}/s p99 ${percentile(times[k], 99)} ms ${JSON.stringify(codes[k])}`).join(
              ', ',
            ) +
            (result.wrapped ? ' (a connection used up its list)' : ''),
        );
      }
      const size = `${CONNECTIONS} connections x ${seconds} s; ${sellerCount.toLocaleString('en-US')} sellers`;
      return {
        size,
        rows: [
          row({ id: 'mix.whoami', label: 'baseline: GET /v1/whoami', unit: 'req/s', size, values: base }),
          row({ id: 'mix.total', label: 'the mix, every kind', unit: 'req/s', size, values: total, baseline: { label: 'whoami', values: base } }),
          ...KINDS.flatMap((k) => [
            row({ id: `mix.${k}`, label: LABELS[k], unit: 'req/s', size, values: rps[k] }),
            row({ id: `mix.${k}.p99`, label: `${LABELS[k]}: p99`, unit: 'ms', size, values: p99[k] }),
          ]),
          row({
            id: 'mix.wrong',
            label: 'answered other than 200 (checks, pages) / 201 (grants), or errors',
            unit: 'count',
            size,
            values: bad,
            target: target.exactly(0),
          }),
        ],
        notes: [
          `each connection: of every 20 requests 18 access checks (a tenth of a seller never granted), 1 grant by a new seller, 1 page (status, sort and page rotating)`,
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
