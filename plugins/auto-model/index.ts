/** The 'auto' model factory, which hands each shape to the model other plugins mark for its kind of images. */
import { ContainerModule } from 'inversify';
import type { ModelFactory } from '../../src/core/contracts';
import type { Registry } from '../../src/core/registry';
import { TOKENS } from '../../src/core/tokens';
import { AutoModels } from './auto-models';

export default new ContainerModule(({ bind }) => {
  // The registry is looked up on first use, not injected: it lists this factory itself.
  bind(TOKENS.ModelFactory).toDynamicValue((context) => new AutoModels(() => context.get<Registry>(TOKENS.Registry).list().models as ModelFactory[]));
});
