// JSON bodies: Fastify's own parser (it refuses `__proto__` and `constructor` poisoning), but an
// empty body means "no fields" so that `POST .../renew` needs none.
import type { FastifyInstance } from 'fastify';
import { nestsDeeperThan, tooDeepError } from './json-depth.js';

export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    parse(request, body as string, (error, value) => (error ? done(error, undefined) : nestsDeeperThan(value) ? done(tooDeepError(), undefined) : done(null, value)));
  });
}
