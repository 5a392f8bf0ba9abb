// Structured JSON logs with nestjs-pino (pino-http underneath): one line per request, with the
// request's correlation id, its method, URL, status and time; Nest's own logs go through the same
// logger (main.ts, createApp), each with its context. No header and no body is ever logged, so no
// token reaches the logs; the paths below are censored besides, should an object with such a
// field be logged on purpose one day.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, pino } from 'pino';
import type { Options } from 'pino-http';
import { correlationIdOf } from '../http/correlation-id.js';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'authorization',
  'secret',
  'token',
  'sealedSecret',
  'jwtSecret',
  'webhookSecretsKey',
  '*.authorization',
  '*.secret',
  '*.token',
  '*.sealedSecret',
  '*.jwtSecret',
  '*.webhookSecretsKey',
];

/**
 * nestjs-pino's default, `{/*splat}` (no leading slash, on purpose), matches no request under
 * @fastify/middie 9.3, which prefixes it with a slash (`/{/*splat}` matches `/` only): no request
 * was logged at all. `/{*splat}` matches every path; middie then strips it from `req.url`, so the
 * URL is read from `originalUrl`, which pino's request serializer prefers anyway.
 */
const EVERY_ROUTE = [{ path: '/{*splat}', method: RequestMethod.ALL }];

/** Probes come every few seconds from orchestrators and scrapers: their lines are debug. */
const PROBES = /^\/(health\/|metrics\b)/;

const urlOf = (request: IncomingMessage) => (request as { originalUrl?: string }).originalUrl ?? request.url ?? '';
const notReady = (request: IncomingMessage, response: ServerResponse) => response.statusCode === 503 && urlOf(request).startsWith('/health/ready');

export function pinoOptions(level: string): Options<IncomingMessage, ServerResponse> {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    genReqId: (request) => correlationIdOf(request),
    // Logs made while handling a request carry its correlation id only; the request line adds req and res.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'correlationId' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (request, response, error) =>
      notReady(request, response) ? 'info' : error || response.statusCode >= 500 ? 'error' : PROBES.test(urlOf(request)) ? 'debug' : 'info',
    // A 503 of /health/ready is the answer asked for (not ready yet: catching up, or a store down,
    // as its body says), not a failure of the request: no error object and no stack for it.
    customErrorObject: (request, response, _error, value) => (notReady(request, response) ? { res: value.res, responseTime: value.responseTime } : value),
    customErrorMessage: (request, response) => (notReady(request, response) ? 'not ready (503): see the body of /health/ready' : 'request errored'),
  };
}

/**
 * nestjs-pino keeps one root logger per process (the first application's): in production there
 * is one application per process; in tests, the first one of a test file sets level and destination.
 */
export function loggerParams(level: string, destination?: DestinationStream): Params {
  const options = pinoOptions(level);
  return { pinoHttp: destination ? [options, destination] : options, forRoutes: EVERY_ROUTE };
}
