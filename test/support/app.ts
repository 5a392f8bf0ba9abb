// Starts the whole API in process on the embedded default, with a clock the test controls, and
// gives a small client: `api.as(seller).post(url, body)`.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Provider } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { EventStore, SqliteEventStore } from '#libs/event-store';
import type { MemoryReadStore } from '#libs/read-models';
import { type Config, ManualClock, type Principal, testConfig, tokenSigner } from '#libs/platform';
import { createApp } from '../../apps/api/src/app.js';
import { openEmbeddedStores } from '../../libs/shell/src/infrastructure/embedded-stores.js';
import { Processes } from '../../libs/shell/src/processes/processes.service.js';
import type { ExpiringReminders } from '../../libs/shell/src/processes/deadline.process.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface TestApi {
  app: NestFastifyApplication;
  clock: ManualClock;
  store: SqliteEventStore;
  readStore: MemoryReadStore;
  config: Config;
  token(principal: Principal, ttlSeconds?: number): string;
  as(principal: Principal | string | null, headers?: Record<string, string>): Client;
  eventCount(): Promise<number>;
  /** Lets the processes handle everything appended so far and whatever is due at the clock's time. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export interface Client {
  get<T = any>(url: string, headers?: Record<string, string>): Promise<Answer<T>>;
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  delete<T = any>(url: string, headers?: Record<string, string>): Promise<Answer<T>>;
  raw(method: string, url: string, payload?: string | Buffer, headers?: Record<string, string>): Promise<Answer>;
}

async function waitUntilReady(app: NestFastifyApplication): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    if (ready.statusCode === 200) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the API did not become ready');
}

export async function startApi(
  options: {
    config?: Partial<Config>;
    dataDir?: string;
    now?: string;
    /** Stands between the app and the log: to inject failures. */
    wrapEventStore?: (store: EventStore) => EventStore;
    providers?: Provider[];
    reminders?: ExpiringReminders;
    /** Where the log lines go (with `config.logLevel` other than silent). */
    logDestination?: DestinationStream;
  } = {},
): Promise<TestApi> {
  const clock = new ManualClock(options.now ?? '2026-03-01T10:00:00.000Z');
  const config = testConfig(options.config);
  // Cached states frozen: code that mutated a state shared through the cache would fail here.
  const stores = openEmbeddedStores(options.dataDir, { stateCacheStreams: config.stateCacheStreams, freezeCachedStates: true });
  const { eventStore: store, readStore } = stores;
  const eventStore = options.wrapEventStore ? options.wrapEventStore(store) : store;
  const app = await createApp({
    config,
    clock,
    ...stores,
    eventStore,
    jwtSecret: TEST_SECRET,
    extraProviders: options.providers ?? [],
    ...(options.reminders && { reminders: options.reminders }),
    ...(options.logDestination && { logDestination: options.logDestination }),
  });
  await waitUntilReady(app);
  const sign = tokenSigner(TEST_SECRET, clock);

  const send = async (method: string, url: string, auth: string | null, payload: string | Buffer | undefined, headers: Record<string, string> = {}) => {
    const all: Record<string, string> = { ...headers };
    if (auth) all.authorization = `Bearer ${auth}`;
    if (payload !== undefined && !Object.keys(all).some((h) => h.toLowerCase() === 'content-type')) all['content-type'] = 'application/json';
    const response = await app.inject({ method: method as 'GET', url, headers: all, ...(payload !== undefined && { payload }) });
    let body: unknown;
    try {
      body = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, body, headers: response.headers, text: response.body } as Answer;
  };

  const api: TestApi = {
    app,
    clock,
    store,
    readStore,
    config,
    token: (principal, ttl) => sign(principal, ttl),
    as(principal, baseHeaders = {}) {
      const auth = principal === null ? null : typeof principal === 'string' ? principal : sign(principal);
      const json = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
      return {
        get: (url, headers) => send('GET', url, auth, undefined, { ...baseHeaders, ...headers }),
        post: (url, body, headers) => send('POST', url, auth, json(body ?? {}), { ...baseHeaders, ...headers }),
        patch: (url, body, headers) => send('PATCH', url, auth, json(body ?? {}), { ...baseHeaders, ...headers }),
        delete: (url, headers) => send('DELETE', url, auth, undefined, { ...baseHeaders, ...headers }),
        raw: (method, url, payload, headers) => send(method, url, auth, payload, { ...baseHeaders, ...headers }),
      };
    },
    async settle() {
      await app.get(Processes).settle();
    },
    async eventCount() {
      return Number(await store.headPosition());
    },
    async close() {
      await app.close();
      await stores.close();
    },
  };
  return api;
}

export const principals = {
  partner: { role: 'partner', sub: 'partner-1' } as Principal,
  otherPartner: { role: 'partner', sub: 'partner-2' } as Principal,
  seller: { role: 'seller', sub: 'shop-1', market: 'US_L2L' } as Principal,
  otherSeller: { role: 'seller', sub: 'shop-2', market: 'US_L2L' } as Principal,
  euSeller: { role: 'seller', sub: 'shop-eu', market: 'EU' } as Principal,
  cbSeller: { role: 'seller', sub: 'shop-cb', market: 'US_CB' } as Principal,
  admin: { role: 'admin', sub: 'operator-1' } as Principal,
  auditor: { role: 'auditor', sub: 'auditor-1' } as Principal,
};
