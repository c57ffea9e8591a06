/**
 * Convolution layers of the paper's CIFAR-10 and SVHN discriminators: weight-normalised 2-D
 * convolution (3x3 and, as network-in-network layers, 1x1) and global mean pooling.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../core/contracts';
import { type ConvActivation, fusedConv2d } from '../engine/fused-ops';
import type { Rng } from '../engine/random';
import { type Activation, BaseLayer, LEAKY_SLOPE, activate, normalInit } from './layer';

/** Keeps the weight norm finite for an all-zero filter. */
export const NORM_EPS = 1e-6;

export type Padding = 'same' | 'valid';

export interface WeightNormConv2DOptions {
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides?: number;
  readonly padding?: Padding;
  readonly activation?: Activation;
  /** Whether the per-filter scale g is trained (it is always set by data-dependent init). */
  readonly trainScale?: boolean;
  /** Std of the normal initialisation of the direction V (the authors: 0.05). */
  readonly initStd?: number;
  /** Pre-activation std that data-dependent init aims for. */
  readonly initTargetStd?: number;
  /** False switches weight normalisation off (an ablation): W = V * g, and init rescales V. */
  readonly normalize?: boolean;
}

/** Output length of a convolution along one axis, as tf.conv2d computes it. */
export function convOutputLength(length: number, kernelSize: number, strides: number, padding: Padding): number {
  return padding === 'same' ? Math.ceil(length / strides) : Math.ceil((length - kernelSize + 1) / strides);
}

/**
 * Weight-normalised convolution: each filter is W_f = g_f * V_f / ||V_f||, so the direction and
 * the length of each filter are learned separately. Data-dependent init sets g and b so each
 * filter's pre-activation has mean 0 and std `initTargetStd` over the init batch and all positions.
 */
export class WeightNormConv2D extends BaseLayer {
  private direction!: tf.Variable;
  private scale!: tf.Variable;
  private bias!: tf.Variable;

  constructor(name: string, private readonly options: WeightNormConv2DOptions) {
    super(name);
  }

  build(inputShape: readonly number[], rng: Rng): number[] {
    const [height, width, channels] = inputShape;
    if (inputShape.length !== 3) throw new Error(`${this.name}: expects images [H, W, C], got [${inputShape}]`);
    const { filters, kernelSize } = this.options;
    const v = normalInit([kernelSize, kernelSize, channels, filters], this.options.initStd ?? 0.05, rng);
    this.direction = this.addWeight('v', v, true);
    this.scale = this.addWeight('g', tf.ones([filters]), this.options.trainScale ?? false);
    this.bias = this.addWeight('bias', tf.zeros([filters]), true);
    const outHeight = convOutputLength(height, kernelSize, this.strides, this.padding);
    const outWidth = convOutputLength(width, kernelSize, this.strides, this.padding);
    if (outHeight < 1 || outWidth < 1) throw new Error(`${this.name}: input [${inputShape}] is smaller than the kernel`);
    return [outHeight, outWidth, filters];
  }

  /** The effective kernel V * g / ||V||, norms over each filter's [kh, kw, C]. */
  kernel(): tf.Tensor4D {
    return tf.tidy(() => {
      if (this.options.normalize === false) return tf.mul(this.direction, this.scale) as tf.Tensor4D;
      const norm = tf.sqrt(tf.sum(tf.square(this.direction), [0, 1, 2]).add(NORM_EPS));
      return tf.mul(this.direction, tf.div(this.scale, norm)) as tf.Tensor4D;
    });
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const activation = this.options.activation ?? 'linear';
      const fused = FUSED_ACTIVATIONS[activation];
      const y = fusedConv2d(x as tf.Tensor4D, this.kernel(), this.bias as tf.Tensor1D, {
        strides: this.strides,
        pad: this.padding,
        activation: fused ?? 'linear',
        leakyreluAlpha: LEAKY_SLOPE,
      });
      return fused ? y : activate(y, activation);
    });
  }

  initialize(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const pre = tf.conv2d(x as tf.Tensor4D, this.kernel(), this.strides, this.padding);
      setScaleAndBias(pre, this.options.normalize === false ? this.direction : this.scale, this.bias, this.options.initTargetStd ?? 1);
      return this.apply(x, ctx);
    });
  }

  getConfig(): Record<string, unknown> {
    return { className: 'WeightNormConv2D', name: this.name, strides: this.strides, padding: this.padding, ...this.options };
  }

  private get strides(): number {
    return this.options.strides ?? 1;
  }

  private get padding(): Padding {
    return this.options.padding ?? 'same';
  }
}

/** The activations the convolution kernel applies itself, by their kernel names. */
const FUSED_ACTIVATIONS: Partial<Record<Activation, ConvActivation>> = { linear: 'linear', relu: 'relu', leakyRelu: 'leakyrelu' };

/** Mean over all spatial positions: [N, H, W, C] -> [N, C]. */
export class GlobalMeanPool extends BaseLayer {
  build(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3) throw new Error(`${this.name}: expects images [H, W, C], got [${inputShape}]`);
    return [inputShape[2]];
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return tf.mean(x, [1, 2]);
  }

  getConfig(): Record<string, unknown> {
    return { className: 'GlobalMeanPool', name: this.name };
  }
}

/**
 * Data-dependent init of a weight-normalised layer from its pre-activation without bias:
 * g <- g * target / std, b <- -mean * target / std, statistics per channel (the last axis).
 */
export function setScaleAndBias(pre: tf.Tensor, scale: tf.Variable, bias: tf.Variable, targetStd: number): void {
  tf.tidy(() => {
    const axes = [...Array(pre.rank - 1).keys()];
    const { mean, variance } = tf.moments(pre, axes);
    const std = tf.sqrt(variance.add(1e-10));
    scale.assign(tf.div(scale, std).mul(targetStd));
    bias.assign(tf.neg(mean).div(std).mul(targetStd));
  });
}
