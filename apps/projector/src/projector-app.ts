// Builds the projector process's application: used by main.ts and by the tests.
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { correlationIdOf, Metrics, recordHttpMetrics, serverOptionsOf } from '#libs/shell';
import { ProjectorModule, type ProjectorDependencies } from './projector.module.js';

export async function createProjectorApp(deps: ProjectorDependencies): Promise<NestFastifyApplication> {
  if (!deps.config.runProjector) throw new Error('the projector runs the background work: RUN_PROJECTOR cannot be false here');
  const adapter = new FastifyAdapter({ bodyLimit: deps.config.bodyLimitBytes, genReqId: correlationIdOf, ...serverOptionsOf(deps.config) });
  const app = await NestFactory.create<NestFastifyApplication>(ProjectorModule.register(deps), adapter, {
    abortOnError: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.getHttpAdapter().getInstance().server.maxConnections = deps.config.maxConnections;
  recordHttpMetrics(app.getHttpAdapter().getInstance(), app.get(Metrics));
  await app.init();
  return app;
}
