/**
 * Instance noise (Sønderby et al. 2016): Gaussian noise on every input of the discriminator, real
 * and generated, so their distributions overlap early in training; sigma is annealed to 0.
 */
import * as tf from '@tensorflow/tfjs';
import type { HookFactory, TrainingHook } from '../../src/core/contracts';
import { instanceNoiseStd, readInstanceNoiseOptions } from './schedule';

export const INSTANCE_NOISE_HOOK: HookFactory = {
  name: 'instance-noise',
  description: 'Gaussian noise on D\'s real and generated inputs, sigma annealed to 0 (options std, schedule linear|cosine, annealIterations or annealFraction)',
  create(options): TrainingHook {
    const o = readInstanceNoiseOptions(options);
    return {
      name: 'instance-noise',
      transformDiscriminatorInput: (x, state, random) => {
        const std = instanceNoiseStd(o, state.iteration, state.totalIterations);
        // After the horizon D's input is untouched, and no noise is drawn.
        return std === 0 ? x : (random.addNormal(x, std) as tf.Tensor4D);
      },
    };
  },
  spansRun: (options) => readInstanceNoiseOptions(options).annealIterations === undefined,
};
