/** The 'auto' model factory, which hands each shape to a model other plugins register. */
import { ContainerModule } from 'inversify';
import type { Registry } from '../../src/core/registry';
import { TOKENS } from '../../src/core/tokens';
import { AutoModels } from './auto-models';

export default new ContainerModule(({ bind }) => {
  // The registry is looked up on first use, not injected: it lists this factory itself.
  bind(TOKENS.ModelFactory).toDynamicValue((context) => new AutoModels((name) => context.get<Registry>(TOKENS.Registry).model(name)));
});
