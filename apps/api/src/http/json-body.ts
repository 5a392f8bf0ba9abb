// JSON bodies: Fastify's own parser (it refuses `__proto__` and `constructor` poisoning), but an
// empty body means "no fields" so that `POST .../renew` needs none. Bodies are UTF-8 (RFC 8259):
// a request that names another charset is 415, whatever its media type, before it is read.
import type { FastifyInstance } from 'fastify';
import { nestsDeeperThan, tooDeepError } from './json-depth.js';

/** The charset a content-type names, unquoted, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? '') : undefined;
}

const unsupportedCharset = (charset: string) =>
  Object.assign(new Error(`the body must be UTF-8, not ${JSON.stringify(charset)}`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });

export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] ?? '0') !== '0';
    const charset = hasBody ? charsetOf(request.headers['content-type']) : undefined;
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) return done(unsupportedCharset(charset));
    done(null, payload);
  });
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    parse(request, body as string, (error, value) =>
      error ? done(error, undefined) : nestsDeeperThan(value) ? done(tooDeepError(), undefined) : done(null, value),
    );
  });
}
