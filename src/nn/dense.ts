/** Fully connected layers: plain (for the generator) and weight-normalised (Salimans & Kingma 2016). */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../core/contracts';
import { weightNormDense } from '../engine/fused-ops';
import type { Rng } from '../engine/random';
import { type Activation, BaseLayer, activate, fusedActivation, glorotUniformInit, normalInit } from './layer';

/** Keeps the weight norm finite for an all-zero column. */
const NORM_EPS = 1e-6;

export interface DenseOptions {
  readonly units: number;
  readonly activation?: Activation;
  readonly useBias?: boolean;
}

/** y = act(x W + b), W Glorot-uniform. */
export class Dense extends BaseLayer {
  private kernel!: tf.Variable;
  private bias?: tf.Variable;

  constructor(name: string, private readonly options: DenseOptions) {
    super(name);
  }

  build(inputShape: readonly number[], rng: Rng): number[] {
    const fanIn = inputShape[inputShape.length - 1];
    const { units } = this.options;
    this.kernel = this.addWeight('kernel', glorotUniformInit([fanIn, units], fanIn, units, rng), true);
    if (this.options.useBias ?? true) this.bias = this.addWeight('bias', tf.zeros([units]), true);
    return [units];
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return denseProduct(x as tf.Tensor2D, this.kernel as tf.Tensor2D, this.bias, this.options.activation ?? 'linear');
  }

  getConfig(): Record<string, unknown> {
    return { className: 'Dense', name: this.name, ...this.options };
  }
}

export interface WeightNormDenseOptions extends DenseOptions {
  /** Whether the per-unit scale g is trained (it is always set by data-dependent init). */
  readonly trainScale?: boolean;
  /** Std of the normal initialisation of the direction V. */
  readonly initStd?: number;
  /** Kernel initialisation: normal(initStd) as the authors' D, or Glorot as their G. */
  readonly kernelInit?: 'normal' | 'glorot';
  /** Pre-activation std that data-dependent init aims for. */
  readonly initTargetStd?: number;
  /**
   * False switches weight normalisation off (an ablation): W = V * g, and data-dependent init
   * rescales V itself, so the layer is a plain dense layer with the same initial outputs.
   */
  readonly normalize?: boolean;
}

/**
 * Weight-normalised dense layer: W = V * g / ||V|| per output unit, so the direction and the
 * length of each unit's weights are learned separately. Data-dependent init sets g and b so each
 * unit's pre-activation has mean 0 and std `initTargetStd` on the init batch.
 */
export class WeightNormDense extends BaseLayer {
  private direction!: tf.Variable;
  private scale!: tf.Variable;
  private bias?: tf.Variable;

  constructor(name: string, private readonly options: WeightNormDenseOptions) {
    super(name);
  }

  build(inputShape: readonly number[], rng: Rng): number[] {
    const fanIn = inputShape[inputShape.length - 1];
    const { units } = this.options;
    const v =
      this.options.kernelInit === 'glorot'
        ? glorotUniformInit([fanIn, units], fanIn, units, rng)
        : normalInit([fanIn, units], this.options.initStd ?? 0.05, rng);
    this.direction = this.addWeight('v', v, true);
    this.scale = this.addWeight('g', tf.ones([units]), this.options.trainScale ?? false);
    if (this.options.useBias ?? true) this.bias = this.addWeight('bias', tf.zeros([units]), true);
    return [units];
  }

  /** The effective kernel V * g / ||V||. */
  kernel(): tf.Tensor2D {
    return tf.tidy(() => {
      if (this.options.normalize === false) return tf.mul(this.direction, this.scale) as tf.Tensor2D;
      const norm = tf.sqrt(tf.sum(tf.square(this.direction), 0).add(NORM_EPS));
      return tf.mul(this.direction, tf.div(this.scale, norm)) as tf.Tensor2D;
    });
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    const activation = this.options.activation ?? 'linear';
    const fused =
      this.options.normalize !== false && this.bias
        ? weightNormDense(x as tf.Tensor2D, this.direction as tf.Tensor2D, this.scale as tf.Tensor1D, this.bias as tf.Tensor1D, activation, NORM_EPS)
        : undefined;
    return fused ?? tf.tidy(() => denseProduct(x as tf.Tensor2D, this.kernel(), this.bias, activation));
  }

  initialize(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const pre = tf.matMul(x as tf.Tensor2D, this.kernel());
      const { mean, variance } = tf.moments(pre, 0);
      const std = tf.sqrt(variance.add(1e-10));
      const target = this.options.initTargetStd ?? 1;
      const rescaled = this.options.normalize === false ? this.direction : this.scale;
      rescaled.assign(tf.div(rescaled, std).mul(target));
      if (this.bias) this.bias.assign(tf.neg(mean).div(std).mul(target));
      return this.apply(x, ctx);
    });
  }

  getConfig(): Record<string, unknown> {
    return { className: 'WeightNormDense', name: this.name, ...this.options };
  }
}

/** act(x W + b), fused into one kernel where the activation's gradient allows it. */
function denseProduct(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor | undefined, activation: Activation): tf.Tensor {
  const fused = fusedActivation(activation);
  if (fused) return tf.fused.matMul({ a: x, b: kernel, bias, activation: fused });
  const y = tf.matMul(x, kernel);
  return activate(bias ? tf.add(y, bias) : y, activation);
}
