// The projector: projections, processes and webhook deliveries as their own process, so that API
// instances scale out stateless while each of these runs once (under the projector lease). It
// boots the API's own background modules, without any route but /health/* and /metrics.
import { type DynamicModule, Module } from '@nestjs/common';
import { ProcessesModule, ProjectionsModule, shellModules, type ShellDependencies, WebhookDeliveryModule } from '#libs/shell';

export type ProjectorDependencies = ShellDependencies;

@Module({})
export class ProjectorModule {
  static register(deps: ProjectorDependencies): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [...shellModules(deps), ProjectionsModule, ProcessesModule.register(), WebhookDeliveryModule],
    };
  }
}
