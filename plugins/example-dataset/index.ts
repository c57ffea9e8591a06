/**
 * The example plugin: a dataset ('shapes') and a preset ('shapes-fm'). Copy this folder to start
 * a plugin of your own; docs/own-dataset.md walks through it.
 */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { SHAPES_PRESET } from './preset';
import { ShapesLoader } from './shapes';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new ShapesLoader());
  bind(TOKENS.Preset).toConstantValue(SHAPES_PRESET);
});
