/** Minibatch discrimination: its layer in D's feature slot, its generator loss, its switch and the best-samples presets. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { MINIBATCH_LAYER } from './feature-layer';
import { K_PLUS_ONE_MINIMAX } from './objective';
import { BEST_SAMPLES_PRESETS } from './presets';
import { MINIBATCH_DISCRIMINATION } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.ModelLayer).toConstantValue(MINIBATCH_LAYER);
  bind(TOKENS.Objective).toConstantValue(K_PLUS_ONE_MINIMAX);
  bind(TOKENS.Technique).toConstantValue(MINIBATCH_DISCRIMINATION);
  for (const preset of BEST_SAMPLES_PRESETS) bind(TOKENS.PresetVariant).toConstantValue(preset);
});
