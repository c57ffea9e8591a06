/**
 * The generator virtual batch norm needs: every forward pass runs a fixed reference latent batch
 * in front of the batch (one extra forward pass of it) and drops it from the output, so the
 * normalisation layers find the reference batch's activations in the first rows.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext, Generator, LatentPrior, NamedWeight } from '../../src/core/contracts';
import { Rng, type RandomStreams } from '../../src/engine/random';

/**
 * A generator whose every forward pass starts with a fixed reference latent batch, drawn once
 * from `seed` and kept as a (non-trainable) weight so a checkpoint restores it.
 */
export class VirtualBatchGenerator implements Generator {
  private readonly reference: NamedWeight;

  constructor(private readonly inner: Generator, private readonly referenceSize: number, seed: number) {
    const values = new Float32Array(referenceSize * inner.latentDim);
    const rng = new Rng(seed);
    if (inner.prior === 'uniform') rng.fillUniform(values, 0, 1);
    else rng.fillNormal(values, 1);
    const initial = tf.tensor2d(values, [referenceSize, inner.latentDim]);
    const variable = tf.variable(initial, false);
    initial.dispose();
    this.reference = { name: 'reference/z', variable, trainable: false };
  }

  get name(): string {
    return this.inner.name;
  }

  get latentDim(): number {
    return this.inner.latentDim;
  }

  get prior(): LatentPrior {
    return this.inner.prior;
  }

  get namedWeights(): NamedWeight[] {
    return [...this.inner.namedWeights, this.reference];
  }

  get trainableWeights(): readonly tf.Variable[] {
    return this.inner.trainableWeights;
  }

  sampleLatent(n: number, random: RandomStreams): tf.Tensor2D {
    return this.inner.sampleLatent(n, random);
  }

  apply(z: tf.Tensor2D, ctx: ForwardContext): tf.Tensor4D {
    return tf.tidy(() => {
      const out = this.inner.apply(tf.concat([this.reference.variable as tf.Tensor2D, z]), ctx);
      return tf.slice(out, this.referenceSize) as tf.Tensor4D;
    });
  }

  getConfig(): Record<string, unknown> {
    return { ...this.inner.getConfig(), referenceBatchSize: this.referenceSize };
  }
}
