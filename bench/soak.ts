// `npm run soak -- [--minutes 60] [--concurrency 8]`: an hour (by default) of mixed load on the
// production stores (EVENTSTORE_URL and MONGODB_URL must be set, with AUTH_JWT_SECRET): grants,
// access checks, page queries (half with X-Min-Position) and health probes, against the API run
// in this process (with the projector, under the lease, unless RUN_PROJECTOR=false and another
// process projects), so that what leaks is visible here. Every minute it prints one JSON line:
// requests and errors by kind, the process's open handles and requests by type
// (process.getActiveResourcesInfo), the MongoDB pool (connections open and checked out, from the
// driver's pool events), heap, and the projection lag (head of the log minus the slowest
// projection's checkpoint; a byte distance on EventStoreDB). Exit 0 when the run saw no server
// error and the open resources did not grow; 1 otherwise; 2 when the URLs are missing.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Principal, SystemClock, tokenSigner } from '#libs/platform';
import { PROJECTIONS } from '#libs/read-models';

export interface SoakOptions {
  minutes: number;
  concurrency: number;
}

/** The options, or the reason the soak cannot run (exit 2). */
export function soakOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SoakOptions | { error: string } {
  if (!env.EVENTSTORE_URL || !env.MONGODB_URL)
    return {
      error:
        'npm run soak needs the production stores: set EVENTSTORE_URL and MONGODB_URL (and AUTH_JWT_SECRET), e.g. on the compose stack ' +
        "EVENTSTORE_URL='esdb://localhost:2113?tls=false' MONGODB_URL='mongodb://localhost:27017/tsp_soak?directConnection=true'",
    };
  if (!env.AUTH_JWT_SECRET) return { error: 'npm run soak signs its own tokens: set AUTH_JWT_SECRET (at least 32 bytes)' };
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const options = { minutes: value('minutes', 60), concurrency: value('concurrency', 8) };
  if (!(options.minutes > 0) || !Number.isInteger(options.concurrency) || options.concurrency < 1)
    return { error: '--minutes must be a positive number and --concurrency a positive whole number' };
  return options;
}

type Kind = 'grant' | 'access-check' | 'page' | 'health';

/** Counts of anything, by name. */
class Tally {
  readonly counts = new Map<string, number>();
  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

function activeResources(): Record<string, number> {
  const tally = new Tally();
  for (const type of process.getActiveResourcesInfo()) tally.add(type);
  return tally.toJSON();
}

async function main(): Promise<void> {
  const options = soakOptions(process.argv.slice(2), process.env);
  if ('error' in options) {
    console.error(`soak: ${options.error}`);
    process.exit(2);
  }
  const { config, errors } = loadConfig();
  if (errors.length) {
    for (const line of errors) console.error(`config: ${line}`);
    process.exit(2);
  }
  config.logLevel = 'warn';
  config.host = '127.0.0.1';
  config.port = 0;
  config.rateLimitPerMinute = 100_000_000;
  const { openStores } = await import('../libs/shell/src/infrastructure/stores.js');
  const { createApp } = await import('../apps/api/src/app.js');
  const clock = new SystemClock();
  let leaseLost: string | undefined;
  const stores = await openStores(config, (reason) => (leaseLost = reason));
  const app = await createApp({ config, clock, ...stores, jwtSecret: config.jwtSecret! });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  // The MongoDB pool as the driver reports it.
  const pool = { open: 0, checkedOut: 0 };
  const mongo = (stores.readStore as { client?: import('mongodb').MongoClient }).client;
  mongo?.on('connectionCreated', () => pool.open++);
  mongo?.on('connectionClosed', () => pool.open--);
  mongo?.on('connectionCheckedOut', () => pool.checkedOut++);
  mongo?.on('connectionCheckedIn', () => pool.checkedOut--);

  const sign = tokenSigner(config.jwtSecret!, clock);
  const run = randomUUID().slice(0, 8);
  const partner: Principal = { role: 'partner', sub: `soak-partner-${run}` };
  const call = async (method: string, path: string, who: Principal | null, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(who && { authorization: `Bearer ${sign(who)}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined };
  };

  await until(async () => (await call('GET', '/health/ready', null)).status === 200);
  const service = await call('POST', '/v1/services', partner, {
    name: 'Soak',
    visibility: 'PUBLIC',
    markets: ['US_L2L'],
    requestedScopes: { authorizedObjects: ['SHOP'], dataCompass: true },
  });
  if (service.status !== 201) throw new Error(`could not publish the soak's service: ${service.status}`);
  const { serviceId, linkCode } = service.body as { serviceId: string; linkCode: string };

  const requests = new Tally();
  const failures = new Tally();
  let sellers = 0;
  let lastPosition = '0';
  const once: Record<Kind, () => Promise<number>> = {
    grant: async () => {
      const seller: Principal = { role: 'seller', sub: `soak-shop-${run}-${sellers++}`, market: 'US_L2L' };
      const res = await call('POST', '/v1/authorizations', seller, {
        linkCode,
        grants: [{ serviceId, scopes: { authorizedObject: 'SHOP', dataCompass: true } }],
      });
      if (res.status === 201) lastPosition = (res.body as { position: string }).position;
      return res.status;
    },
    'access-check': async () =>
      (
        await call(
          'GET',
          `/v1/access-checks?partnerId=${partner.sub}&sellerId=soak-shop-${run}-${Math.floor(Math.random() * Math.max(1, sellers))}&permission=DATA_COMPASS`,
          partner,
        )
      ).status,
    page: async () =>
      (
        await call(
          'GET',
          `/v1/partner/sellers?serviceId=${serviceId}&pageSize=20`,
          partner,
          undefined,
          Math.random() < 0.5 ? { 'x-min-position': lastPosition } : {},
        )
      ).status,
    health: async () => (await call('GET', Math.random() < 0.5 ? '/health/ready' : '/health/live', null)).status,
  };
  const pick = (): Kind => {
    const r = Math.random();
    return r < 0.25 ? 'grant' : r < 0.6 ? 'access-check' : r < 0.9 ? 'page' : 'health';
  };

  const endAt = Date.now() + options.minutes * 60_000;
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (Date.now() < endAt) {
      const kind = pick();
      requests.add(kind);
      try {
        const status = await once[kind]();
        if (status >= 500 || (status >= 400 && kind !== 'access-check')) failures.add(`${kind} ${status}`);
      } catch (error) {
        failures.add(`${kind} ${(error as Error).name}: ${(error as Error).message}`.slice(0, 120));
      }
    }
  });

  const lag = async (): Promise<string> => {
    const [head, ...checkpoints] = await Promise.all([stores.eventStore.headPosition(), ...PROJECTIONS.map((p) => stores.readStore.checkpoint(p.name))]);
    const slowest = checkpoints.reduce((a, b) => (a < b ? a : b));
    return String(head > slowest ? head - slowest : 0n);
  };
  const resourcesAtStart = Object.values(activeResources()).reduce((a, b) => a + b, 0);
  let minute = 0;
  let grew = false;
  const report = async () => {
    minute++;
    const resources = activeResources();
    const open = Object.values(resources).reduce((a, b) => a + b, 0);
    grew = open > resourcesAtStart * 2 + 20;
    const line = {
      minute,
      requests: requests.toJSON(),
      errors: failures.toJSON(),
      activeResources: resources,
      mongoPool: { ...pool },
      heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1_048_576),
      projectionLag: await lag().catch((error: unknown) => `unknown: ${(error as Error).message}`),
      ...(leaseLost && { leaseLost }),
    };
    console.log(JSON.stringify(line));
  };
  const timer = setInterval(() => void report(), 60_000);
  await Promise.all(workers);
  clearInterval(timer);
  await report();
  await app.close();
  await stores.close();
  const serverErrors = [...failures.counts.keys()].filter((k) => !/ 4\d\d$/.test(k));
  console.log(JSON.stringify({ done: true, minutes: options.minutes, serverErrors, resourcesGrew: grew }));
  process.exit(serverErrors.length || grew ? 1 : 0);
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1_200; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become ready within 2 minutes');
}

if (process.argv[1]?.endsWith('soak.js'))
  main().catch((error: unknown) => {
    console.error(`soak failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
