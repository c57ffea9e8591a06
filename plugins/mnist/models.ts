/**
 * The paper's permutation-invariant MNIST models (Salimans et al. 2016, authors' code), sized from
 * the data shape so they also serve any small grayscale dataset.
 */
import type { Discriminator, Generator, ModelFactory, ModelSpec } from '../../src/core/contracts';
import { Dense, WeightNormDense } from '../../src/nn/dense';
import { SequentialDiscriminator } from '../../src/nn/discriminator';
import { SequentialGenerator } from '../../src/nn/generator';
import type { Layer } from '../../src/nn/layer';
import { GaussianNoise } from '../../src/nn/noise';
import { Reshape } from '../../src/nn/reshape';
import { Sequential } from '../../src/nn/sequential';

export interface DenseModelOptions {
  readonly discriminatorUnits: readonly number[];
  readonly inputNoiseStd: number;
  readonly hiddenNoiseStd: number;
  readonly generatorUnits: readonly number[];
  readonly latentDim: number;
  /** Seed of the initial weights; the trainer sets it from the run's seed. */
  readonly initSeed: number;
  /** Weight normalisation of D's layers (the paper's models: on). */
  readonly weightNorm?: boolean;
}

export const PAPER_DENSE_OPTIONS: DenseModelOptions = {
  discriminatorUnits: [1000, 500, 250, 250, 250],
  inputNoiseStd: 0.3,
  hiddenNoiseStd: 0.5,
  generatorUnits: [500, 500],
  latentDim: 100,
  initSeed: 1,
};

export class DenseModels implements ModelFactory {
  readonly name = 'mnist-dense';
  readonly description = 'weight-normalised MLP discriminator with Gaussian noise; BN-softplus MLP generator';
  readonly autoFor = 'grayscale';

  createDiscriminator(spec: ModelSpec): Discriminator {
    const o = { ...PAPER_DENSE_OPTIONS, ...spec.options } as DenseModelOptions;
    const normalize = o.weightNorm ?? true;
    const layers: Layer[] = [new Reshape('flatten', [-1])];
    o.discriminatorUnits.forEach((units, i) => {
      layers.push(new GaussianNoise(`noise${i + 1}`, i === 0 ? o.inputNoiseStd : o.hiddenNoiseStd));
      layers.push(new WeightNormDense(`dense${i + 1}`, { units, activation: 'relu', initStd: 0.1, normalize }));
    });
    // The techniques' layers after the feature layer (minibatch discrimination).
    layers.push(...spec.layers.discriminatorFeatures());
    layers.push(new GaussianNoise(`noise${o.discriminatorUnits.length + 1}`, o.hiddenNoiseStd));
    layers.push(new WeightNormDense('logits', { units: spec.numClasses, trainScale: true, initStd: 0.1, normalize }));
    const body = new Sequential('discriminator', layers, spec.imageShape, o.initSeed);
    // Feature matching compares the last hidden layer, as the authors' MNIST code does.
    return new SequentialDiscriminator(body, `dense${o.discriminatorUnits.length}`);
  }

  createGenerator(spec: ModelSpec): Generator {
    const o = { ...PAPER_DENSE_OPTIONS, ...spec.options } as DenseModelOptions;
    const pixels = spec.imageShape.reduce((a, b) => a * b, 1);
    const layers: Layer[] = [];
    o.generatorUnits.forEach((units, i) => {
      layers.push(new Dense(`dense${i + 1}`, { units, useBias: false }));
      layers.push(spec.layers.generatorNorm(`bn${i + 1}`, 'softplus'));
    });
    layers.push(
      new WeightNormDense('output', { units: pixels, activation: 'sigmoid', trainScale: true, kernelInit: 'glorot' }),
    );
    layers.push(new Reshape('image', spec.imageShape));
    // A different seed from D's, so the two networks' initial weights are independent.
    const body = new Sequential('generator', layers, [o.latentDim], o.initSeed + 0x5eed);
    return spec.layers.generator(new SequentialGenerator(body, 'uniform'), o.initSeed);
  }
}
