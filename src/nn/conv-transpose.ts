/**
 * Transposed ("de-") convolutions of the paper's CIFAR-10 and SVHN generators: 'same' padding,
 * so stride s multiplies the height and width by s. Kernels are [kh, kw, outChannels, inChannels],
 * the layout tf.conv2dTranspose takes.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from '../core/contracts';
import type { Rng } from '../engine/random';
import { NORM_EPS, setScaleAndBias } from './conv';
import { type Activation, BaseLayer, activate, normalInit } from './layer';

export interface Conv2DTransposeOptions {
  readonly filters: number;
  readonly kernelSize: number;
  readonly strides: number;
  readonly activation?: Activation;
  /** No bias where batch norm follows, as in the authors' generators. */
  readonly useBias?: boolean;
  /** Std of the normal initialisation of the kernel (the authors: 0.05). */
  readonly initStd?: number;
}

/** y = act(conv2dTranspose(x, W) + b). */
export class Conv2DTranspose extends BaseLayer {
  protected kernelVariable!: tf.Variable;
  protected bias?: tf.Variable;
  private outputShape: number[] = [];

  constructor(name: string, protected readonly options: Conv2DTransposeOptions) {
    super(name);
  }

  build(inputShape: readonly number[], rng: Rng): number[] {
    if (inputShape.length !== 3) throw new Error(`${this.name}: expects images [H, W, C], got [${inputShape}]`);
    const [height, width, channels] = inputShape;
    const { filters, kernelSize, strides } = this.options;
    const v = normalInit([kernelSize, kernelSize, filters, channels], this.options.initStd ?? 0.05, rng);
    this.kernelVariable = this.addWeight(this.kernelWeightName, v, true);
    this.buildExtraWeights(filters);
    if (this.options.useBias ?? true) this.bias = this.addWeight('bias', tf.zeros([filters]), true);
    this.outputShape = [height * strides, width * strides, filters];
    return this.outputShape;
  }

  kernel(): tf.Tensor4D {
    return this.kernelVariable as tf.Tensor4D;
  }

  apply(x: tf.Tensor, _ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const y = this.transposedConv(x as tf.Tensor4D);
      return activate(this.bias ? tf.add(y, this.bias) : y, this.options.activation ?? 'linear');
    });
  }

  getConfig(): Record<string, unknown> {
    return { className: 'Conv2DTranspose', name: this.name, ...this.options };
  }

  protected get kernelWeightName(): string {
    return 'kernel';
  }

  protected buildExtraWeights(_filters: number): void {}

  protected transposedConv(x: tf.Tensor4D): tf.Tensor4D {
    const shape: [number, number, number, number] = [x.shape[0], ...(this.outputShape as [number, number, number])];
    return tf.conv2dTranspose(x, this.kernel(), shape, this.options.strides, 'same');
  }
}

export interface WeightNormConv2DTransposeOptions extends Conv2DTransposeOptions {
  /** Whether the per-filter scale g is trained. */
  readonly trainScale?: boolean;
  /** Pre-activation std that data-dependent init aims for. */
  readonly initTargetStd?: number;
}

/** Transposed convolution with weight normalisation per output channel: W_f = g_f * V_f / ||V_f||. */
export class WeightNormConv2DTranspose extends Conv2DTranspose {
  private scale!: tf.Variable;

  constructor(name: string, options: WeightNormConv2DTransposeOptions) {
    super(name, { ...options, useBias: true });
  }

  /** The effective kernel, norms over each output channel's [kh, kw, inChannels]. */
  override kernel(): tf.Tensor4D {
    return tf.tidy(() => {
      const norm = tf.sqrt(tf.sum(tf.square(this.kernelVariable), [0, 1, 3]).add(NORM_EPS));
      return tf.mul(this.kernelVariable, tf.div(this.scale, norm).reshape([-1, 1])) as tf.Tensor4D;
    });
  }

  initialize(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    return tf.tidy(() => {
      const pre = this.transposedConv(x as tf.Tensor4D);
      const target = (this.options as WeightNormConv2DTransposeOptions).initTargetStd ?? 1;
      setScaleAndBias(pre, this.scale, this.bias!, target);
      return this.apply(x, ctx);
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), className: 'WeightNormConv2DTranspose' };
  }

  protected override get kernelWeightName(): string {
    return 'v';
  }

  protected override buildExtraWeights(filters: number): void {
    const trainable = (this.options as WeightNormConv2DTransposeOptions).trainScale ?? false;
    this.scale = this.addWeight('g', tf.ones([filters]), trainable);
  }
}
