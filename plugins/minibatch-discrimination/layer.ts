/**
 * Minibatch discrimination (Salimans et al. 2016, section 3.2): lets the discriminator see how
 * alike the examples of a batch are, so a generator that collapses to one mode is easy to spot.
 * Features f(x) in R^A are projected by T in R^{A x B x C} to M(x) in R^{B x C}; for each kernel b,
 * c_b(x_i, x_j) = exp(-||M_b(x_i) - M_b(x_j)||_1) and o(x_i)_b = sum over j != i of c_b(x_i, x_j),
 * plus a bias. The output is [f(x), o(x)], of width A + B.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../../src/core/contracts';
import type { Rng } from '../../src/engine/random';
import { BaseLayer, normalInit } from '../../src/nn/layer';

export interface MinibatchDiscriminationOptions {
  /** B, the number of kernels (the authors: 100). */
  readonly kernels: number;
  /** C, the dimension of each kernel's projection (the authors: 5). */
  readonly kernelDim: number;
  /**
   * Rows compared with each other at most: larger batches (evaluation, data-dependent init) are
   * split into groups of this size, so o(x) keeps the scale it has in training (it is a sum over
   * companions) and memory stays O(group^2 B C). Set it to the training batch size.
   */
  readonly groupSize?: number;
  /** Std of the normal initialisation of T's direction (the authors: 0.05). */
  readonly initStd?: number;
  /** Initial bias of every kernel (the authors: -1). */
  readonly initBias?: number;
}

export const MINIBATCH_DEFAULTS = { kernels: 100, kernelDim: 5, groupSize: 100 } as const;

/** The layer; T is weight-normalised per (b, c) column with a learned log-scale, as the authors'. */
export class MinibatchDiscrimination extends BaseLayer {
  /** o(x_i) sums over the other examples of the batch. */
  readonly batchDependent = true;
  private direction!: tf.Variable;
  private logScale!: tf.Variable;
  private bias!: tf.Variable;

  constructor(name: string, private readonly options: MinibatchDiscriminationOptions) {
    super(name);
  }

  build(inputShape: readonly number[], rng: Rng): number[] {
    if (inputShape.length !== 1) throw new Error(`${this.name}: expects feature vectors [A], got [${inputShape}]`);
    const { kernels, kernelDim } = this.options;
    this.direction = this.addWeight('t', normalInit([inputShape[0], kernels * kernelDim], this.options.initStd ?? 0.05, rng), true);
    this.logScale = this.addWeight('log_scale', tf.zeros([kernels * kernelDim]), true);
    this.bias = this.addWeight('bias', tf.fill([kernels], this.options.initBias ?? -1), true);
    return [inputShape[0] + kernels];
  }

  /** T = V * exp(s) / ||V||, norms over the input axis, flattened to [A, B*C]. */
  projection(): tf.Tensor2D {
    return tf.tidy(() => {
      const norm = tf.sqrt(tf.add(tf.sum(tf.square(this.direction), 0), 1e-8));
      return tf.mul(this.direction, tf.div(tf.exp(this.logScale), norm)) as tf.Tensor2D;
    });
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const closeness = this.groups(x as tf.Tensor2D).map((m) => tf.add(this.similaritySums(m), this.bias));
      return tf.concat([x, closeness.length === 1 ? closeness[0] : tf.concat(closeness)], 1);
    });
  }

  /**
   * Data-dependent init, as the authors': scales T so that, per kernel, half the mean L1 distance
   * of an example to its nearest other example is 1, so exp(-distance) starts in a useful range.
   */
  initialize(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    tf.tidy(() => {
      const nearest = this.groups(x as tf.Tensor2D).map((m) => {
        const d = this.distances(m);
        const self = tf.mul(tf.expandDims(tf.eye(m.shape[0]), 2), 1e30);
        return tf.min(tf.add(d, self), 1);
      });
      const halfMean = tf.mul(tf.mean(tf.concat(nearest), 0), 0.5);
      const perColumn = tf.reshape(tf.tile(tf.expandDims(tf.log(tf.add(halfMean, 1e-12)), 1), [1, this.options.kernelDim]), [-1]);
      this.logScale.assign(tf.sub(this.logScale, perColumn));
    });
    return this.apply(x, ctx);
  }

  getConfig(): Record<string, unknown> {
    return { className: 'MinibatchDiscrimination', name: this.name, ...this.options };
  }

  /** M(x) for each group of at most `groupSize` rows, as [g, B, C]. */
  private groups(x: tf.Tensor2D): tf.Tensor3D[] {
    const { kernels, kernelDim } = this.options;
    const m = tf.reshape(tf.matMul(x, this.projection()), [x.shape[0], kernels, kernelDim]) as tf.Tensor3D;
    const size = this.options.groupSize ?? MINIBATCH_DEFAULTS.groupSize;
    if (m.shape[0] <= size) return [m];
    const sizes = Array.from({ length: Math.ceil(m.shape[0] / size) }, (_, i) => Math.min(size, m.shape[0] - i * size));
    return tf.split(m, sizes);
  }

  /** L1 distances between rows, per kernel: [g, g, B]. */
  private distances(m: tf.Tensor3D): tf.Tensor3D {
    return tf.sum(tf.abs(tf.sub(tf.expandDims(m, 1), tf.expandDims(m, 0))), 3) as tf.Tensor3D;
  }

  /** o(x_i)_b without bias: sum over the other rows j of exp(-distance); self masked out. */
  private similaritySums(m: tf.Tensor3D): tf.Tensor2D {
    const others = tf.expandDims(tf.sub(1, tf.eye(m.shape[0])), 2);
    return tf.sum(tf.mul(tf.exp(tf.neg(this.distances(m))), others), 1) as tf.Tensor2D;
  }
}
