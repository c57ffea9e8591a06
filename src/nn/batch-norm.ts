/**
 * Batch normalisation as in the paper's generators: always the statistics of the current batch
 * (the generator never runs on single examples), a learned shift and optionally a learned gain.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../core/contracts';
import { type Activation, BaseLayer, activate } from './layer';

export interface BatchNormOptions {
  readonly epsilon?: number;
  readonly learnGain?: boolean;
  readonly activation?: Activation;
}

export class BatchNorm extends BaseLayer {
  private shift!: tf.Variable;
  private gain?: tf.Variable;
  private axes: number[] = [];

  constructor(name: string, private readonly options: BatchNormOptions = {}) {
    super(name);
  }

  build(inputShape: readonly number[]): number[] {
    const channels = inputShape[inputShape.length - 1];
    // Statistics over the batch and every spatial axis: one mean and variance per channel.
    this.axes = [...Array(inputShape.length).keys()];
    this.shift = this.addWeight('beta', tf.zeros([channels]), true);
    if (this.options.learnGain) this.gain = this.addWeight('gamma', tf.ones([channels]), true);
    return [...inputShape];
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, this.axes);
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.options.epsilon ?? 1e-6)));
      if (this.gain) y = tf.mul(y, this.gain);
      return activate(tf.add(y, this.shift), this.options.activation ?? 'linear');
    });
  }

  getConfig(): Record<string, unknown> {
    return { className: 'BatchNorm', name: this.name, ...this.options };
  }
}
