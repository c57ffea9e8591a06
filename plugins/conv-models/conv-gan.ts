/**
 * The paper's convolutional discriminator and generator for 32x32 colour images (Salimans et al.
 * 2016, authors' CIFAR-10 and SVHN code), parameterised by the channel widths that differ between
 * the two datasets. models.ts names one instance per dataset.
 */
import type { Discriminator, Generator, ImageKind, ModelFactory, ModelSpec } from '../../src/core/contracts';
import { WeightNormConv2D, GlobalMeanPool } from '../../src/nn/conv';
import { Conv2DTranspose, WeightNormConv2DTranspose } from '../../src/nn/conv-transpose';
import { Dense, WeightNormDense } from '../../src/nn/dense';
import { SequentialDiscriminator } from '../../src/nn/discriminator';
import { SequentialGenerator } from '../../src/nn/generator';
import type { Layer } from '../../src/nn/layer';
import { Dropout } from '../../src/nn/noise';
import { Reshape } from '../../src/nn/reshape';
import { Sequential } from '../../src/nn/sequential';

export interface ConvGanOptions {
  /** Channels of the first block of three 3x3 convolutions (the last one has stride 2). */
  readonly firstWidth: number;
  /** Channels of the second block, the valid 3x3 convolution and the two NIN layers. */
  readonly width: number;
  readonly inputDropout: number;
  readonly hiddenDropout: number;
  /** Channels of the generator: the dense layer's feature maps, then each transposed convolution's. */
  readonly generatorChannels: readonly number[];
  readonly latentDim: number;
  /** Seed of the initial weights; the trainer sets it from the run's seed. */
  readonly initSeed: number;
  /** Weight normalisation of D's layers (the paper's models: on). */
  readonly weightNorm?: boolean;
}

/** Name of the discriminator layer that feature matching compares (the pooled features). */
export const FEATURE_LAYER = 'pool';

export class ConvGanModels implements ModelFactory {
  constructor(
    readonly name: string,
    readonly description: string,
    private readonly defaults: ConvGanOptions,
    readonly autoFor?: ImageKind,
  ) {}

  createDiscriminator(spec: ModelSpec): Discriminator {
    const o = { ...this.defaults, ...spec.options } as ConvGanOptions;
    const normalize = o.weightNorm ?? true;
    const conv = (name: string, filters: number, kernelSize: number, strides = 1, padding: 'same' | 'valid' = 'same') =>
      new WeightNormConv2D(name, { filters, kernelSize, strides, padding, activation: 'leakyRelu', initStd: 0.05, normalize });
    const layers: Layer[] = [
      new Dropout('dropout1', o.inputDropout),
      conv('conv1', o.firstWidth, 3),
      conv('conv2', o.firstWidth, 3),
      conv('conv3', o.firstWidth, 3, 2),
      new Dropout('dropout2', o.hiddenDropout),
      conv('conv4', o.width, 3),
      conv('conv5', o.width, 3),
      conv('conv6', o.width, 3, 2),
      new Dropout('dropout3', o.hiddenDropout),
      conv('conv7', o.width, 3, 1, 'valid'),
      conv('nin1', o.width, 1),
      conv('nin2', o.width, 1),
      new GlobalMeanPool(FEATURE_LAYER),
      // The techniques' layers after the feature layer (minibatch discrimination).
      ...spec.layers.discriminatorFeatures(),
      // The authors' last layer: trainable scale, initial logits with std 0.1.
      new WeightNormDense('logits', { units: spec.numClasses, trainScale: true, initStd: 0.05, initTargetStd: 0.1, normalize }),
    ];
    const body = new Sequential('discriminator', layers, spec.imageShape, o.initSeed);
    return new SequentialDiscriminator(body, FEATURE_LAYER);
  }

  createGenerator(spec: ModelSpec): Generator {
    const o = { ...this.defaults, ...spec.options } as ConvGanOptions;
    const [height, width, channels] = spec.imageShape;
    const upsamplings = o.generatorChannels.length;
    const factor = 2 ** upsamplings;
    if (height % factor !== 0 || width % factor !== 0) {
      throw new Error(`${this.name}: image size ${height}x${width} is not a multiple of ${factor}`);
    }
    const [base, ...hidden] = o.generatorChannels;
    const seedHeight = height / factor;
    const seedWidth = width / factor;
    const layers: Layer[] = [
      new Dense('dense', { units: seedHeight * seedWidth * base, useBias: false }),
      spec.layers.generatorNorm('bn1', 'relu'),
      new Reshape('seed', [seedHeight, seedWidth, base]),
    ];
    hidden.forEach((filters, i) => {
      layers.push(new Conv2DTranspose(`deconv${i + 1}`, { filters, kernelSize: 5, strides: 2, useBias: false, initStd: 0.05 }));
      layers.push(spec.layers.generatorNorm(`bn${i + 2}`, 'relu'));
    });
    layers.push(
      new WeightNormConv2DTranspose('output', { filters: channels, kernelSize: 5, strides: 2, activation: 'tanh', trainScale: true, initStd: 0.05 }),
    );
    // A different seed from D's, so the two networks' initial weights are independent.
    const body = new Sequential('generator', layers, [o.latentDim], o.initSeed + 0x5eed);
    return spec.layers.generator(new SequentialGenerator(body, 'uniform'), o.initSeed);
  }
}
