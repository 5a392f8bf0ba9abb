// The projector: projections, processes and webhook deliveries as their own process, so that API
// instances scale out stateless while each of these runs once (under the projector lease). It
// boots the API's own background modules, without any route but /health/* and /metrics.
import { type DynamicModule, Module } from '@nestjs/common';
import { type CoreDependencies, CoreModule, OperationsModule, ProcessesModule, ProjectionsModule, WebhookDeliveryModule } from '#libs/shell';

export interface ProjectorDependencies extends CoreDependencies {
  logDestination?: import('pino').DestinationStream;
}

@Module({})
export class ProjectorModule {
  static register(deps: ProjectorDependencies): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        CoreModule.register(deps),
        OperationsModule.register({ logLevel: deps.config.logLevel, ...(deps.logDestination && { logDestination: deps.logDestination }) }),
        ProjectionsModule,
        ProcessesModule.register(),
        WebhookDeliveryModule,
      ],
    };
  }
}
