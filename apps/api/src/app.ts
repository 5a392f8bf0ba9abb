// Builds the application on the Fastify adapter: used by main.ts and by the end-to-end tests.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { type AppDependencies, AppModule } from './app.module.js';
import { ConnectionDrain, correlationIdOf, Metrics, recordHttpMetrics, serverOptionsOf } from '#libs/shell';
import { registerJsonBodyParser } from './http/json-body.js';
import { setupOpenApi } from './openapi/openapi.js';
import { serveConsole } from './console/console-pages.js';

export async function createApp(deps: AppDependencies): Promise<NestFastifyApplication> {
  // Fastify's request id is the correlation id: Nest middleware (the request logger) sees it as `req.id`.
  const adapter = new FastifyAdapter({
    bodyLimit: deps.config.bodyLimitBytes,
    routerOptions: { maxParamLength: 1_024 },
    genReqId: correlationIdOf,
    ...serverOptionsOf(deps.config),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(deps), adapter, {
    bodyParser: false,
    abortOnError: false,
    // Nest's own logs wait for the JSON logger (LOG_LEVEL decides what is written).
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.maxConnections = deps.config.maxConnections;
  registerJsonBodyParser(fastify);
  fastify.decorateRequest('correlationId', '');
  fastify.decorateRequest('receivedAt', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    request.correlationId = correlationIdOf(request.raw);
    request.receivedAt = deps.clock.now().toISOString();
    void reply.header('X-Correlation-Id', request.correlationId);
    done();
  });
  recordHttpMetrics(fastify, app.get(Metrics));
  ConnectionDrain.attach(fastify);
  setupOpenApi(app);
  serveConsole(fastify);
  // No enableShutdownHooks(): main.ts handles SIGTERM itself, to exit 0 within a bounded time.
  await app.init();
  await fastify.ready();
  return app;
}
