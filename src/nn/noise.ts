/** Regularisers that act only while training: additive Gaussian noise and dropout. */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../core/contracts';
import { BaseLayer } from './layer';

/** x + N(0, std^2) while training; identity otherwise. */
export class GaussianNoise extends BaseLayer {
  private shape: number[] = [];

  constructor(name: string, readonly std: number) {
    super(name);
  }

  build(inputShape: readonly number[]): number[] {
    this.shape = [...inputShape];
    return this.shape;
  }

  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    if (!ctx.training || this.std === 0) return x;
    return ctx.random.addNormal(x, this.std);
  }

  initialize(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    return this.apply(x, ctx);
  }

  getConfig(): Record<string, unknown> {
    return { className: 'GaussianNoise', name: this.name, std: this.std };
  }
}

/** Inverted dropout: zeroes a fraction `rate` of the inputs and rescales the rest while training. */
export class Dropout extends BaseLayer {
  constructor(name: string, readonly rate: number) {
    super(name);
  }

  build(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  apply(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    if (!ctx.training || this.rate === 0) return x;
    return ctx.random.dropout(x, this.rate);
  }

  initialize(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    return this.apply(x, ctx);
  }

  getConfig(): Record<string, unknown> {
    return { className: 'Dropout', name: this.name, rate: this.rate };
  }
}
