/** Instance noise: the hook that adds annealed noise to D's inputs, and its switch. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { INSTANCE_NOISE_HOOK } from './hook';
import { INSTANCE_NOISE } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.TrainingHook).toConstantValue(INSTANCE_NOISE_HOOK);
  bind(TOKENS.Technique).toConstantValue(INSTANCE_NOISE);
});
