// GET /console and its assets: the web console built by `npm run build` into dist/console. Plain
// Fastify routes, like /docs: no token is needed to load the page (it signs in from the URL
// fragment, which never reaches the server), and a strict Content-Security-Policy keeps the
// page to its own scripts, styles and API.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { problem } from '#libs/shell';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** dist/console, whether this file runs compiled (dist/apps/api/src/console) or from source (Jest). */
export function defaultConsoleDir(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  return basename(root) === 'dist' ? join(root, 'console') : join(root, 'dist', 'console');
}

export function serveConsole(fastify: FastifyInstance, dir = defaultConsoleDir()): void {
  const secure = (reply: FastifyReply) =>
    reply.header('Content-Security-Policy', CONSOLE_CSP).header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'no-referrer');

  const send = (reply: FastifyReply, relative: string) => {
    if (!existsSync(join(dir, 'index.html'))) {
      const body = problem(503, 'CONSOLE.NOT_BUILT', 'the console is not built: run `npm run build` (it writes dist/console), then reload');
      return secure(reply).status(503).type('application/problem+json').send(body);
    }
    // normalize() resolves `..`; anything that leaves the folder is simply not one of its files.
    const path = normalize(join(dir, relative));
    const file = path.startsWith(dir + sep) && existsSync(path) && statSync(path).isFile() ? path : undefined;
    if (!file) {
      const body = problem(404, 'CONSOLE.NOT_FOUND', `no console file ${relative}`);
      return secure(reply).status(404).type('application/problem+json').send(body);
    }
    // Vite names assets by their content hash: they never change; the page itself always may.
    const immutable = relative.startsWith('assets/');
    return secure(reply)
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      .header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(readFileSync(file));
  };

  fastify.get('/console', (_request, reply) => send(reply, 'index.html'));
  fastify.get<{ Params: { '*': string } }>('/console/*', (request, reply) => send(reply, request.params['*'] || 'index.html'));
}
