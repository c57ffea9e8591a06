/** A Sequential network used as the generator, with its latent prior. */
import type * as tf from '@tensorflow/tfjs';
import type { ForwardContext, Generator, LatentPrior, NamedWeight } from '../core/contracts';
import type { RandomStreams } from '../engine/random';
import type { Sequential } from './sequential';

export class SequentialGenerator implements Generator {
  constructor(readonly body: Sequential, readonly prior: LatentPrior = 'uniform') {
    if (body.outputShape.length !== 3) {
      throw new Error(`${body.name}: a generator must output images [H, W, C], not [${body.outputShape}]`);
    }
  }

  get name(): string {
    return this.body.name;
  }

  get latentDim(): number {
    return this.body.inputShape[0];
  }

  get namedWeights(): NamedWeight[] {
    return this.body.namedWeights;
  }

  get trainableWeights(): tf.Variable[] {
    return this.body.trainableWeights;
  }

  /** z ~ U(0,1)^d as the authors' models, or N(0,1)^d. */
  sampleLatent(n: number, random: RandomStreams): tf.Tensor2D {
    const shape = [n, this.latentDim];
    return (this.prior === 'uniform' ? random.uniform(shape) : random.normal(shape, 1)) as tf.Tensor2D;
  }

  apply(z: tf.Tensor2D, ctx: ForwardContext): tf.Tensor4D {
    return this.body.apply(z, ctx).output as tf.Tensor4D;
  }

  getConfig(): Record<string, unknown> {
    return { ...this.body.getConfig(), prior: this.prior };
  }
}
