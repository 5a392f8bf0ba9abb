// Deadlines and a cap against slow or idle clients (slowloris): headers must arrive within
// HTTP_HEADERS_TIMEOUT_MS, the whole request (body included) within HTTP_REQUEST_TIMEOUT_MS, a
// kept-alive connection may idle HTTP_KEEP_ALIVE_TIMEOUT_MS between requests, a silent one
// HTTP_CONNECTION_TIMEOUT_MS, and HTTP_MAX_CONNECTIONS are served at once. Node checks the
// header and request deadlines on a timer (every 30 s by default): it runs here often enough
// that a deadline fires within a quarter of itself (at most a second late).
import type { ServerOptions } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '#libs/platform';
import { answerClientError } from './client-errors.js';

type Limits = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'connectionTimeoutMs'>;

export const checkingIntervalOf = (config: Limits) => Math.max(50, Math.min(1_000, Math.floor(Math.min(config.headersTimeoutMs, config.requestTimeoutMs) / 4)));

export function serverOptionsOf(
  config: Limits,
): Pick<FastifyServerOptions, 'requestTimeout' | 'keepAliveTimeout' | 'connectionTimeout' | 'clientErrorHandler'> & { http: ServerOptions } {
  return {
    http: { headersTimeout: config.headersTimeoutMs, requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: checkingIntervalOf(config) },
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    clientErrorHandler: answerClientError,
  };
}
