/**
 * Virtual batch normalisation (Salimans et al. 2016, section 3.4): each example is normalised with
 * the statistics of a fixed reference batch combined with the example itself, so its output does
 * not depend on the other examples of its batch (batch norm's flaw in a generator). A drop-in
 * for BatchNorm: the first `referenceSize` rows of every input are the reference batch's
 * activations, which `VirtualBatchGenerator` puts there.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../../src/core/contracts';
import type { BatchNormOptions } from '../../src/nn/batch-norm';
import { BaseLayer, activate } from '../../src/nn/layer';

export interface VirtualBatchNormOptions extends BatchNormOptions {
  /** Rows at the front of each input that hold the reference batch. */
  readonly referenceSize: number;
}

export class VirtualBatchNorm extends BaseLayer {
  private shift!: tf.Variable;
  private gain?: tf.Variable;
  private spatialAxes: number[] = [];

  constructor(name: string, private readonly options: VirtualBatchNormOptions) {
    super(name);
  }

  build(inputShape: readonly number[]): number[] {
    const channels = inputShape[inputShape.length - 1];
    // Statistics per channel: over the batch and every spatial axis, as BatchNorm's.
    this.spatialAxes = Array.from({ length: inputShape.length - 1 }, (_, i) => i + 1);
    this.shift = this.addWeight('beta', tf.zeros([channels]), true);
    if (this.options.learnGain) this.gain = this.addWeight('gamma', tf.ones([channels]), true);
    return [...inputShape];
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    const r = this.options.referenceSize;
    if (x.shape[0] < r) throw new Error(`${this.name}: input has ${x.shape[0]} rows, fewer than the reference batch's ${r}`);
    return tf.tidy(() => {
      const reference = tf.slice(x, 0, r);
      const allAxes = [0, ...this.spatialAxes];
      const refMean = tf.mean(reference, allAxes);
      const refMeanSquare = tf.mean(tf.square(reference), allAxes);
      // The example counts as one more member of the reference batch.
      const own = 1 / (r + 1);
      const ownMean = this.spatialAxes.length > 0 ? tf.mean(x, this.spatialAxes, true) : x;
      const ownMeanSquare = this.spatialAxes.length > 0 ? tf.mean(tf.square(x), this.spatialAxes, true) : tf.square(x);
      const mean = tf.add(tf.mul(ownMean, own), tf.mul(refMean, 1 - own));
      const meanSquare = tf.add(tf.mul(ownMeanSquare, own), tf.mul(refMeanSquare, 1 - own));
      const variance = tf.relu(tf.sub(meanSquare, tf.square(mean)));
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.options.epsilon ?? 1e-5)));
      if (this.gain) y = tf.mul(y, this.gain);
      return activate(tf.add(y, this.shift), this.options.activation ?? 'linear');
    });
  }

  getConfig(): Record<string, unknown> {
    return { className: 'VirtualBatchNorm', name: this.name, ...this.options };
  }
}
