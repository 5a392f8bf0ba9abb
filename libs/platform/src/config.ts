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
  eventStoreUrl?: string;
  mongodbUrl?: string;
  seaTspAccessLaunch?: string;
  bodyLimitBytes: number;
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
  /** Run projections, processes and webhook deliveries inside the API (always on the embedded default). */
  runProjector: boolean;
  /** How many streams' folded states the embedded default keeps in memory (0: none; never used with EventStoreDB). */
  stateCacheStreams: number;
}

type Env = Record<string, string | undefined>;

interface Reader {
  errors: string[];
  env: Env;
}

function int(r: Reader, name: string, fallback: number, min: number, max: number): number {
  const raw = r.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
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
  const eventStoreUrl = url(r, 'EVENTSTORE_URL', ['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']);
  const mongodbUrl = url(r, 'MONGODB_URL', ['mongodb:', 'mongodb+srv:']);
  // The driver would silently use the database `test`: say which one, once, in the URL.
  if (mongodbUrl && !mongodbDatabase(mongodbUrl))
    r.errors.push('MONGODB_URL: name the database in the path, e.g. mongodb://localhost:27017/tsp?directConnection=true (without one the driver silently uses "test")');
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
  const config: Config = {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || './data',
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    jwtClockSkewSeconds: int(r, 'AUTH_CLOCK_SKEW_SECONDS', 30, 0, 300),
    bodyLimitBytes: int(r, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
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
    runProjector: embedded || bool(r, 'RUN_PROJECTOR', true),
    stateCacheStreams: int(r, 'STATE_CACHE_STREAMS', 100_000, 0, 10_000_000),
  };
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
