/** Minibatch discrimination: its generator loss, its switch and the best-samples presets. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { K_PLUS_ONE_MINIMAX } from './objective';
import { BEST_SAMPLES_PRESETS } from './presets';
import { MINIBATCH_DISCRIMINATION } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.Objective).toConstantValue(K_PLUS_ONE_MINIMAX);
  bind(TOKENS.Technique).toConstantValue(MINIBATCH_DISCRIMINATION);
  for (const preset of BEST_SAMPLES_PRESETS) bind(TOKENS.PresetVariant).toConstantValue(preset);
});
