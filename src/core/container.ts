/** Builds the dependency-injection container from the core's module and the plugins' modules. */
import 'reflect-metadata';
import { Container, type ContainerModule } from 'inversify';
import { Registry } from './registry';
import { TOKENS } from './tokens';

export function createContainer(modules: readonly ContainerModule[]): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Registry).to(Registry);
  container.load(...modules);
  return container;
}

/** The registry of a container built from `modules`. */
export function createRegistry(modules: readonly ContainerModule[]): Registry {
  return createContainer(modules).get<Registry>(TOKENS.Registry);
}
