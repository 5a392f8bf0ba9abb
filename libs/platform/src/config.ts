// Configuration from the environment, validated once at start: every bad value is reported on
// its own line and the process exits non-zero before serving anything.
import { isIsoInstant } from '#libs/domain';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  publicBaseUrl: string;
  jwtSecret?: string;
  jwtClockSkewSeconds: number;
  /** The longest token lifetime (exp - iat) accepted; unset: no limit. */
  jwtMaxTtlSeconds?: number;
  eventStoreUrl?: string;
  mongodbUrl?: string;
  seaTspAccessLaunch?: string;
  bodyLimitBytes: number;
  /** Slow clients: how long a request's headers, and the whole request (body included), may take to arrive. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long a kept-alive connection may wait idle for its next request. */
  keepAliveTimeoutMs: number;
  /** How long a connection may stay silent (no byte either way) before it is closed. */
  connectionTimeoutMs: number;
  /** Connections served at once; those beyond are closed as they arrive. */
  maxConnections: number;
  minPositionWaitMs: number;
  clockOffsetMs: number;
  logLevel: string;
  rateLimitPerMinute: number;
  /** How long an Idempotency-Key's answer is kept (API.md: at least 24 hours). */
  idempotencyTtlHours: number;
  processIntervalMs: number;
  /** How long a graceful shutdown may take before the process exits with 1. */
  shutdownTimeoutMs: number;
  webhookAllowHttp: boolean;
  webhookAllowPrivate: boolean;
  webhookRetryScheduleMs: number[];
  webhookConcurrency: number;
  webhookConcurrencyPerWebhook: number;
  webhookSecretsKey?: string;
  /** How long a rotated-out webhook secret still signs deliveries beside the new one. */
  webhookSecretOverlapHours: number;
  /** Test only (TEST_CRASH_AFTER_APPEND_KEYS, refused unless NODE_ENV=test): see idempotency/crash-after-append.ts. */
  crashAfterAppendKeys: string[];
  /** Run projections, processes and webhook deliveries inside the API (always on the embedded default). */
  runProjector: boolean;
  /** How many streams' folded states the embedded default keeps in memory (0: none; never used with EventStoreDB). */
  stateCacheStreams: number;
  /** GET /v1/changes: the comment line that keeps an idle stream open through proxies. */
  changesKeepAliveMs: number;
  /** GET /v1/changes: events queued for one stream that does not read before it is disconnected. */
  changesBufferEvents: number;
  /** GET /v1/changes: streams one principal may hold open at once (more: 429). */
  changesStreamsPerPrincipal: number;
}

type Env = Record<string, string | undefined>;

interface Reader {
  errors: string[];
  env: Env;
}

function int(r: Reader, name: string, fallback: number, min: number, max: number): number {
  const raw = r.env[name];
  if (raw === undefined || raw === '') return fallback;
  // Decimal digits only: Number() would also read `0x10`, `1e3`, ` 12 ` or `+5`.
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    r.errors.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function bool(r: Reader, name: string, fallback: boolean): boolean {
  const raw = r.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  r.errors.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
  return fallback;
}

function url(r: Reader, name: string, protocols: string[]): string | undefined {
  const raw = r.env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) throw new Error();
    return raw;
  } catch {
    r.errors.push(`${name}: expected a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`);
    return undefined;
  }
}

/**
 * The EventStoreDB client (v6) parses esdb:// and esdb+discover:// only (a KurrentDB server speaks
 * the same protocol: its URL works written with esdb), and takes comma-separated hosts, which are
 * no WHATWG URL: the scheme and a host are checked here, the rest by the client at start.
 */
function eventStoreDbUrl(r: Reader): string | undefined {
  const raw = r.env.EVENTSTORE_URL;
  if (raw === undefined || raw === '') return undefined;
  if (/^kurrent(db)?(\+discover)?:\/\//i.test(raw)) {
    r.errors.push(
      'EVENTSTORE_URL: kurrentdb:// URLs are not read by the EventStoreDB client this server uses: write the same URL with esdb:// (or esdb+discover://), which KurrentDB servers accept',
    );
    return undefined;
  }
  if (!/^esdb(\+discover)?:\/\/[^\s/?#]+/.test(raw)) {
    r.errors.push('EVENTSTORE_URL: expected a esdb:// or esdb+discover:// URL');
    return undefined;
  }
  return raw;
}

function schedule(r: Reader, name: string, fallback: number[]): number[] {
  const raw = r.env[name];
  if (raw === undefined || raw === '') return fallback;
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (!values.length || values.some((v) => !Number.isInteger(v) || v < 0 || v > 7 * 86_400_000)) {
    r.errors.push(`${name}=${JSON.stringify(raw)}: expected comma-separated milliseconds, each from 0 to 604800000`);
    return fallback;
  }
  return values;
}

/** The database a MongoDB URL names in its path (`/tsp`), or undefined. */
export function mongodbDatabase(raw: string): string | undefined {
  // Not WHATWG URL: a replica set's connection string lists several hosts (a:1,b:2), which it refuses.
  const path = /^[a-z+]+:\/\/[^/?#]*\/([^?#]*)/i.exec(raw)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS = [10_000, 60_000, 600_000, 3_600_000, 21_600_000];

export function loadConfig(env: Env = process.env): { config: Config; errors: string[] } {
  const r: Reader = { errors: [], env };
  const port = int(r, 'PORT', 3000, 0, 65535);
  const jwtSecret = env.AUTH_JWT_SECRET || undefined;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32)
    r.errors.push('AUTH_JWT_SECRET: at least 32 bytes (HS256 keys shorter than the hash are weak)');
  const seaTspAccessLaunch = env.SEA_TSP_ACCESS_LAUNCH || undefined;
  let seaLaunch: string | undefined;
  if (seaTspAccessLaunch !== undefined) {
    const parsed = Date.parse(seaTspAccessLaunch);
    if (Number.isNaN(parsed)) r.errors.push(`SEA_TSP_ACCESS_LAUNCH=${JSON.stringify(seaTspAccessLaunch)}: expected an ISO-8601 date`);
    else seaLaunch = new Date(parsed).toISOString();
  }
  const eventStoreUrl = eventStoreDbUrl(r);
  const mongodbUrl = url(r, 'MONGODB_URL', ['mongodb:', 'mongodb+srv:']);
  // The driver would silently use the database `test`: say which one, once, in the URL.
  if (mongodbUrl && !mongodbDatabase(mongodbUrl))
    r.errors.push(
      'MONGODB_URL: name the database in the path, e.g. mongodb://localhost:27017/tsp?directConnection=true (without one the driver silently uses "test")',
    );
  if (Boolean(env.EVENTSTORE_URL) !== Boolean(env.MONGODB_URL))
    r.errors.push('EVENTSTORE_URL and MONGODB_URL go together: set both (production) or neither (the embedded default)');
  if (env.EVENTSTORE_URL && env.MONGODB_URL && !jwtSecret)
    r.errors.push('AUTH_JWT_SECRET: required with EVENTSTORE_URL and MONGODB_URL (every instance must verify the same tokens)');
  const publicBaseUrl = url(r, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const webhookSecretsKey = env.WEBHOOK_SECRETS_KEY || undefined;
  if (webhookSecretsKey !== undefined && Buffer.byteLength(webhookSecretsKey) < 32) r.errors.push('WEBHOOK_SECRETS_KEY: at least 32 bytes');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel))
    r.errors.push(`LOG_LEVEL=${JSON.stringify(logLevel)}: expected fatal, error, warn, info, debug, trace or silent`);
  const embedded = !env.EVENTSTORE_URL && !env.MONGODB_URL;
  const crashAfterAppendKeys = (env.TEST_CRASH_AFTER_APPEND_KEYS ?? '').split(',').filter(Boolean);
  if (crashAfterAppendKeys.length && env.NODE_ENV !== 'test')
    r.errors.push('TEST_CRASH_AFTER_APPEND_KEYS: a test-only fault (the process kills itself after an append); refused unless NODE_ENV=test');
  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    jwtClockSkewSeconds: int(r, 'AUTH_CLOCK_SKEW_SECONDS', 30, 0, 300),
    bodyLimitBytes: int(r, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
    headersTimeoutMs: int(r, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: int(r, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    keepAliveTimeoutMs: int(r, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
    connectionTimeoutMs: int(r, 'HTTP_CONNECTION_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
    maxConnections: int(r, 'HTTP_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    minPositionWaitMs: int(r, 'MIN_POSITION_WAIT_MS', 5_000, 0, 60_000),
    clockOffsetMs: int(r, 'CLOCK_OFFSET_MS', 0, -(10 * 365 * 86_400_000), 10 * 365 * 86_400_000),
    logLevel,
    rateLimitPerMinute: int(r, 'RATE_LIMIT_PER_MINUTE', 60_000, 1, 100_000_000),
    idempotencyTtlHours: int(r, 'IDEMPOTENCY_TTL_HOURS', 48, 24, 24 * 90),
    processIntervalMs: int(r, 'PROCESS_INTERVAL_MS', 1_000, 10, 3_600_000),
    shutdownTimeoutMs: int(r, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    webhookAllowHttp: bool(r, 'WEBHOOK_ALLOW_HTTP', false),
    webhookAllowPrivate: bool(r, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookRetryScheduleMs: schedule(r, 'WEBHOOK_RETRY_SCHEDULE_MS', DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS),
    webhookConcurrency: int(r, 'WEBHOOK_CONCURRENCY', 32, 1, 1_000),
    webhookConcurrencyPerWebhook: int(r, 'WEBHOOK_CONCURRENCY_PER_WEBHOOK', 4, 1, 100),
    webhookSecretOverlapHours: int(r, 'WEBHOOK_SECRET_OVERLAP_HOURS', 24, 0, 720),
    crashAfterAppendKeys,
    runProjector: embedded || bool(r, 'RUN_PROJECTOR', true),
    stateCacheStreams: int(r, 'STATE_CACHE_STREAMS', 100_000, 0, 10_000_000),
    changesKeepAliveMs: int(r, 'CHANGES_KEEP_ALIVE_MS', 15_000, 10, 300_000),
    changesBufferEvents: int(r, 'CHANGES_BUFFER_EVENTS', 10_000, 1, 1_000_000),
    changesStreamsPerPrincipal: int(r, 'CHANGES_STREAMS_PER_PRINCIPAL', 16, 1, 10_000),
  };
  // Node refuses a header deadline after the whole request's.
  if (config.headersTimeoutMs > config.requestTimeoutMs)
    r.errors.push(`HTTP_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) may not exceed HTTP_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`);
  const maxTtl = int(r, 'AUTH_MAX_TOKEN_TTL_SECONDS', 0, 1, 10 * 365 * 86_400);
  if (maxTtl) config.jwtMaxTtlSeconds = maxTtl;
  if (jwtSecret) config.jwtSecret = jwtSecret;
  if (eventStoreUrl) config.eventStoreUrl = eventStoreUrl;
  if (mongodbUrl) config.mongodbUrl = mongodbUrl;
  if (seaLaunch) config.seaTspAccessLaunch = seaLaunch;
  if (webhookSecretsKey) config.webhookSecretsKey = webhookSecretsKey;
  return { config, errors: r.errors };
}

/** For tests: a valid configuration with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const { config, errors } = loadConfig({});
  if (errors.length) throw new Error(errors.join('\n'));
  return { ...config, logLevel: 'silent', ...overrides };
}

export { isIsoInstant };
