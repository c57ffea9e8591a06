/** Builds the dependency-injection container from the core's module and the plugins' modules. */
import 'reflect-metadata';
import { Container, type ContainerModule } from 'inversify';
import { type PluginOrigins, Registry } from './registry';
import { TOKENS } from './tokens';

export function createContainer(modules: readonly ContainerModule[], origins?: PluginOrigins): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Registry).to(Registry);
  if (origins) container.bind(TOKENS.PluginOrigins).toConstantValue(origins);
  container.load(...modules);
  return container;
}

/** The registry of a container built from `modules`; `origins` says which plugin registered each name. */
export function createRegistry(modules: readonly ContainerModule[], origins?: PluginOrigins): Registry {
  return createContainer(modules, origins).get<Registry>(TOKENS.Registry);
}
