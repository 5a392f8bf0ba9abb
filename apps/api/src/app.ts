// Builds the application on the Fastify adapter: used by main.ts and by the end-to-end tests.
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppDependencies, AppModule } from './app.module.js';
import { registerJsonBodyParser } from './http/json-body.js';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function createApp(deps: AppDependencies): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: deps.config.bodyLimitBytes, routerOptions: { maxParamLength: 1_024 } });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(deps), adapter, {
    bodyParser: false,
    abortOnError: false,
    logger: deps.config.logLevel === 'silent' ? false : ['error', 'warn', 'log'],
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify);
  fastify.decorateRequest('correlationId', '');
  fastify.decorateRequest('receivedAt', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    const sent = request.headers['x-correlation-id'];
    request.correlationId = typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : randomUUID();
    request.receivedAt = deps.clock.now().toISOString();
    void reply.header('X-Correlation-Id', request.correlationId);
    done();
  });
  app.enableShutdownHooks();
  await app.init();
  await fastify.ready();
  return app;
}
