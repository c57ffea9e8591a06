/**
 * The paper's permutation-invariant MNIST models (Salimans et al. 2016, authors' code), sized from
 * the data shape so they also serve any small grayscale dataset.
 */
import type { Discriminator, Generator, ModelFactory, ModelSpec } from '../../src/core/contracts';
import { BatchNorm } from '../../src/nn/batch-norm';
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

  createDiscriminator(spec: ModelSpec): Discriminator {
    const o = { ...PAPER_DENSE_OPTIONS, ...spec.options } as DenseModelOptions;
    const layers: Layer[] = [new Reshape('flatten', [-1])];
    o.discriminatorUnits.forEach((units, i) => {
      layers.push(new GaussianNoise(`noise${i + 1}`, i === 0 ? o.inputNoiseStd : o.hiddenNoiseStd));
      layers.push(new WeightNormDense(`dense${i + 1}`, { units, activation: 'relu', initStd: 0.1 }));
    });
    layers.push(new GaussianNoise(`noise${o.discriminatorUnits.length + 1}`, o.hiddenNoiseStd));
    layers.push(new WeightNormDense('logits', { units: spec.numClasses, trainScale: true, initStd: 0.1 }));
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
      layers.push(new BatchNorm(`bn${i + 1}`, { activation: 'softplus' }));
    });
    layers.push(
      new WeightNormDense('output', { units: pixels, activation: 'sigmoid', trainScale: true, kernelInit: 'glorot' }),
    );
    layers.push(new Reshape('image', spec.imageShape));
    // A different seed from D's, so the two networks' initial weights are independent.
    const body = new Sequential('generator', layers, [o.latentDim], o.initSeed + 0x5eed);
    return new SequentialGenerator(body, 'uniform');
  }
}
