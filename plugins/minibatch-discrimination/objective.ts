/**
 * The generator loss the authors pair with minibatch discrimination:
 * -mean(softplus(lse(l(G(z))))) = mean(log(1 - D(G(z)))), since 1 - D = 1 / (1 + Z). That is the
 * original minimax (saturating) form, not the non-saturating -log D(G(z)); hence its name.
 */
import * as tf from '@tensorflow/tfjs';
import type { GeneratorObjective, GeneratorStepTensors, ObjectiveFactory } from '../../src/core/contracts';
import { logSumExp } from '../../src/gan/losses';

export const MINIMAX_NAME = 'k-plus-one-minimax';

export function minimaxGeneratorLoss(generatedLogits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.softplus(logSumExp(generatedLogits)))) as tf.Scalar);
}

export const K_PLUS_ONE_MINIMAX: ObjectiveFactory = {
  name: MINIMAX_NAME,
  player: 'generator',
  description: "-mean(softplus(lse(l(G(z))))) = mean(log(1 - D(G(z)))): the authors' generator loss with minibatch discrimination (minimax form)",
  create: (weight): GeneratorObjective => ({
    name: MINIMAX_NAME,
    weight,
    loss: (s: GeneratorStepTensors) => minimaxGeneratorLoss(s.generatedLogits),
  }),
};
