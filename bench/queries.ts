// 4. Queries at scale: 1,000,000 authorizations over 1,000 partners, the largest (partner-0) with
// 100,000 (30,000 / 30 / 3,000 with --quick), in the embedded read store. The partner's
// Seller management page (each status, each documented sort, page 50 of 20) against a
// hand-written JavaScript filter-and-sort over the same partner's documents in the same run;
// countsByStatus alone; a seller's my service page. The embedded store keeps a large tenant's
// columns, sort orders and counts until one of its documents changes, so the page is also timed
// right after a write to that partner (the first query then rebuilds them).
import { AUTHORIZATION_STATUSES, type AuthorizationStatus, type AuthorizationView } from '#libs/domain';
import {
  and,
  type AuthorizationDocument,
  authorizationStatusFilter,
  type MemoryReadStore,
  type ReadDocument,
  myServicePage,
  SELLER_MANAGEMENT_SORTS,
  type SellerManagementSort,
  sellerManagementBase,
  sellerManagementPage,
  toAuthorizationView,
} from '#libs/read-models';
import { type Bench, gc, isEntryPoint } from './support/context.js';
import { runStandalone } from './support/execute.js';
import { buildReadStore } from './support/readstore.js';
import { row, target } from './support/report.js';
import { percentile } from './support/stats.js';
import { marketOf, partnerId, sellerId, shapeFor, SYNTHETIC_NOW } from './support/synthetic.js';

const PAGE = 50;
const PAGE_SIZE = 20;
const NOW = SYNTHETIC_NOW;

type Doc = AuthorizationDocument & { _id: string };

export interface HandPage {
  items: AuthorizationView[];
  total: number;
  countsByStatus: Record<AuthorizationStatus, number>;
}

/**
 * The baseline: the same answer as the page, written by hand over the partner's documents in an
 * array: one pass that counts by status (an ACTIVE one past expiresAt counts as EXPIRED) and
 * keeps the matches, a sort on the field then _id, a slice.
 */
export function handWrittenPage(
  docs: readonly Doc[],
  status: AuthorizationStatus,
  sort: SellerManagementSort,
  page: number,
  pageSize: number,
  now: string,
): HandPage {
  const counts: Record<AuthorizationStatus, number> = { ACTIVE: 0, EXPIRED: 0, CANCELLED: 0, DEACTIVATED: 0 };
  const matched: Doc[] = [];
  for (const d of docs) {
    const effective = d.status === 'ACTIVE' && d.expiresAt <= now ? 'EXPIRED' : d.status;
    counts[effective]++;
    if (effective === status) matched.push(d);
  }
  const field = sort.replace('-', '') as 'grantedAt' | 'expiresAt' | 'updatedAt';
  const dir = sort.startsWith('-') ? -1 : 1;
  matched.sort((a, b) => {
    const x = a[field];
    const y = b[field];
    if (x !== y) return x < y ? -dir : dir;
    return a._id === b._id ? 0 : a._id < b._id ? -dir : dir;
  });
  const items = matched.slice((page - 1) * pageSize, page * pageSize).map((d) => toAuthorizationView(d, now));
  return { items, total: counts[status], countsByStatus: counts };
}

const time = async <T>(fn: () => Promise<T> | T): Promise<[number, T]> => {
  const started = performance.now();
  const result = await fn();
  return [performance.now() - started, result];
};

export const bench: Bench = {
  name: 'queries',
  title: '4. Queries at scale',
  async run(ctx) {
    const authorizations = ctx.quick ? 30_000 : 1_000_000;
    const shape = shapeFor(authorizations);
    ctx.log(`building the read store: ${authorizations.toLocaleString('en-US')} authorizations over ${shape.partners} partners...`);
    gc();
    const built = await buildReadStore(authorizations);
    const store: MemoryReadStore = built.store;
    ctx.log(`built from ${built.events.toLocaleString('en-US')} events in ${(built.ms / 1000).toFixed(1)} s`);
    const largest = partnerId(0);
    const docs = await store.find<Doc>('authorizations', { filter: { partnerId: largest } });
    const size = `${built.authorizations.toLocaleString('en-US')} auths; largest partner ${docs.length.toLocaleString('en-US')}`;
    const perCombo = 1;
    const countSamples = 20;
    const sellerSamples = ctx.quick ? 300 : 2_000;

    const pageP99: number[] = [];
    const pageP50: number[] = [];
    const handP99: number[] = [];
    const handP50: number[] = [];
    const countsP99: number[] = [];
    const sellerP99: number[] = [];
    const sellerP50: number[] = [];
    const afterWriteP50: number[] = [];
    const afterWriteMax: number[] = [];
    const afterWriteSamples = ctx.quick ? 4 : 6;
    const mismatches: number[] = [];
    const slowest = new Map<string, number[]>();

    // Warm both paths once (JIT), outside the measurements.
    for (const sort of SELLER_MANAGEMENT_SORTS) {
      await sellerManagementPage(store, largest, { status: 'ACTIVE', sort, page: PAGE, pageSize: PAGE_SIZE }, NOW);
      handWrittenPage(docs, 'ACTIVE', sort, PAGE, PAGE_SIZE, NOW);
    }
    for (let run = 1; run <= ctx.runs; run++) {
      gc();
      const page: number[] = [];
      const hand: number[] = [];
      let mismatch = 0;
      for (let i = 0; i < perCombo; i++)
        for (const status of AUTHORIZATION_STATUSES)
          for (const sort of SELLER_MANAGEMENT_SORTS) {
            const [pageMs, answer] = await time(() => sellerManagementPage(store, largest, { status, sort, page: PAGE, pageSize: PAGE_SIZE }, NOW));
            const [handMs, expected] = await time(() => handWrittenPage(docs, status, sort, PAGE, PAGE_SIZE, NOW));
            page.push(pageMs);
            hand.push(handMs);
            const key = `${status} ${sort}`;
            slowest.set(key, [...(slowest.get(key) ?? []), pageMs]);
            if (
              answer.total !== expected.total ||
              JSON.stringify(answer.countsByStatus) !== JSON.stringify(expected.countsByStatus) ||
              answer.items.map((v) => v.authorizationId).join() !== expected.items.map((v) => v.authorizationId).join()
            )
              mismatch++;
          }
      const counts: number[] = [];
      const base = sellerManagementBase(largest, {}, NOW);
      for (let i = 0; i < countSamples; i++) {
        const [ms] = await time(() =>
          Promise.all(AUTHORIZATION_STATUSES.map((s) => store.count('authorizations', and(base, authorizationStatusFilter(s, NOW))))),
        );
        counts.push(ms);
      }
      const sellers: number[] = [];
      for (let i = 0; i < sellerSamples; i++) {
        const s = (i * 2_654_435_761 + run * 97) % shape.sellers;
        const [ms, answer] = await time(() => myServicePage(store, sellerId(s), marketOf(s), {}, NOW));
        if (answer.items.some((v) => v.sellerId !== sellerId(s))) mismatch++;
        sellers.push(ms);
      }
      // A write to the partner (a document put again unchanged: the answers stay those of `docs`), then one page.
      const afterWrite: number[] = [];
      for (let i = 0; i < afterWriteSamples; i++) {
        const doc = docs[(run * 7_919 + i * 104_729) % docs.length]!;
        await store.commit('bench-writes', BigInt(run * 100 + i), [
          { collection: 'authorizations', id: doc._id, document: { ...doc } as unknown as ReadDocument },
        ]);
        const status = AUTHORIZATION_STATUSES[i % AUTHORIZATION_STATUSES.length]!;
        const sort = SELLER_MANAGEMENT_SORTS[(i + run) % SELLER_MANAGEMENT_SORTS.length]!;
        const [ms, answer] = await time(() => sellerManagementPage(store, largest, { status, sort, page: PAGE, pageSize: PAGE_SIZE }, NOW));
        const expected = handWrittenPage(docs, status, sort, PAGE, PAGE_SIZE, NOW);
        if (answer.total !== expected.total || answer.items.map((v) => v.authorizationId).join() !== expected.items.map((v) => v.authorizationId).join())
          mismatch++;
        afterWrite.push(ms);
      }
      afterWriteP50.push(percentile(afterWrite, 50));
      afterWriteMax.push(Math.max(...afterWrite));
      pageP99.push(percentile(page, 99));
      pageP50.push(percentile(page, 50));
      handP99.push(percentile(hand, 99));
      handP50.push(percentile(hand, 50));
      countsP99.push(percentile(counts, 99));
      sellerP99.push(percentile(sellers, 99));
      sellerP50.push(percentile(sellers, 50));
      mismatches.push(mismatch);
      ctx.log(
        `run ${run}/${ctx.runs}: page p99 ${pageP99.at(-1)!.toFixed(1)} ms (hand ${handP99.at(-1)!.toFixed(1)} ms), counts p99 ${countsP99
          .at(-1)!
          .toFixed(
            2,
          )} ms, my service p99 ${sellerP99.at(-1)!.toFixed(2)} ms, page after a write p50 ${afterWriteP50.at(-1)!.toFixed(1)} ms, mismatches ${mismatch}`,
      );
    }
    const worst = [...slowest].map(([k, v]) => [k, percentile(v, 50)] as const).sort((a, b) => b[1] - a[1]);
    const samples = `${perCombo * AUTHORIZATION_STATUSES.length * SELLER_MANAGEMENT_SORTS.length} calls/run`;
    return {
      size,
      rows: [
        row({
          id: 'queries.page.p99',
          label: `Seller mgmt page, 4 statuses x 6 sorts, page ${PAGE}/${PAGE_SIZE}: p99`,
          unit: 'ms',
          size,
          values: pageP99,
          target: target.below(20, 'ms'),
          note: samples,
        }),
        row({
          id: 'queries.page.p99-vs-hand',
          label: 'Seller mgmt page p99 vs hand-written JS filter+sort p99',
          unit: 'ms',
          size,
          values: pageP99,
          baseline: { label: 'JS', values: handP99 },
          target: target.ratioAtMost(2, 'JS'),
        }),
        row({ id: 'queries.page.p50', label: 'Seller mgmt page: p50', unit: 'ms', size, values: pageP50, baseline: { label: 'JS p50', values: handP50 } }),
        row({
          id: 'queries.page.after-write.p50',
          label: 'Seller mgmt page right after a write to the partner (caches rebuilt): p50',
          unit: 'ms',
          size,
          values: afterWriteP50,
          baseline: { label: 'JS p50', values: handP50 },
          note: `${afterWriteSamples} writes/run`,
        }),
        row({ id: 'queries.page.after-write.max', label: 'Seller mgmt page right after a write to the partner: max', unit: 'ms', size, values: afterWriteMax }),
        row({
          id: 'queries.counts.p99',
          label: 'countsByStatus (4 counts, largest partner): p99',
          unit: 'ms',
          size,
          values: countsP99,
          target: target.below(2, 'ms'),
        }),
        row({ id: 'queries.my-service.p99', label: "a seller's my service page: p99", unit: 'ms', size, values: sellerP99, target: target.below(2, 'ms') }),
        row({ id: 'queries.my-service.p50', label: "a seller's my service page: p50", unit: 'ms', size, values: sellerP50 }),
        row({
          id: 'queries.mismatches',
          label: 'answers differing from the hand-written ones',
          unit: 'count',
          size,
          values: mismatches,
          target: target.exactly(0),
        }),
      ],
      notes: [
        `read store built from ${built.events.toLocaleString('en-US')} synthetic events in ${(built.ms / 1000).toFixed(1)} s`,
        `slowest page combinations (median ms): ${worst
          .slice(0, 4)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(', ')}`,
      ],
    };
  },
};

if (isEntryPoint(import.meta.url)) await runStandalone(bench);
