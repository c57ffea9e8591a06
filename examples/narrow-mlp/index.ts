/**
 * A model plugin: the paper's MNIST networks made narrower (a 500-250-250 discriminator, a
 * 300-300 generator), built only from `ssgan/plugin`, and a preset that trains it on MNIST.
 * docs/own-dataset.md ("Your own model") walks through it.
 */
import { type Layer, type ModelFactory, type TechniqueModelOptions, Dense, GaussianNoise, Reshape, Sequential, SequentialDiscriminator, SequentialGenerator, WeightNormDense, definePlugin, recipe } from 'ssgan/plugin';

/** The layer feature matching compares: the last hidden layer, as in the authors' MNIST code. */
const FEATURES = 'features';

interface NarrowMlpOptions extends TechniqueModelOptions {
  readonly initSeed?: number;
  readonly latentDim?: number;
}

const narrowMlp: ModelFactory = {
  name: 'narrow-mlp',
  description: 'weight-normalised 500-250-250 MLP discriminator with Gaussian noise; 300-300 batch-norm generator',
  createDiscriminator(spec) {
    const o = spec.options as NarrowMlpOptions;
    const normalize = o.weightNorm ?? true;
    const hidden = (name: string, units: number) => new WeightNormDense(name, { units, activation: 'relu', initStd: 0.1, normalize });
    const layers: Layer[] = [
      new Reshape('flatten', [-1]),
      new GaussianNoise('noise1', o.inputNoiseStd ?? 0.3),
      hidden('dense1', 500),
      new GaussianNoise('noise2', o.hiddenNoiseStd ?? 0.5),
      hidden('dense2', 250),
      new GaussianNoise('noise3', o.hiddenNoiseStd ?? 0.5),
      hidden(FEATURES, 250),
      // The techniques' layers that follow the features (minibatch discrimination), if switched on.
      ...spec.layers.discriminatorFeatures(),
      new GaussianNoise('noise4', o.hiddenNoiseStd ?? 0.5),
      new WeightNormDense('logits', { units: spec.numClasses, trainScale: true, initStd: 0.1, normalize }),
    ];
    const body = new Sequential('discriminator', layers, spec.imageShape, o.initSeed ?? 1);
    return new SequentialDiscriminator(body, FEATURES);
  },
  createGenerator(spec) {
    const o = spec.options as NarrowMlpOptions;
    const pixels = spec.imageShape.reduce((a, b) => a * b, 1);
    const layers: Layer[] = [
      new Dense('dense1', { units: 300, useBias: false }),
      spec.layers.generatorNorm('bn1', 'softplus'),
      new Dense('dense2', { units: 300, useBias: false }),
      spec.layers.generatorNorm('bn2', 'softplus'),
      // Sigmoid: MNIST's pixels are scaled to [0, 1].
      new WeightNormDense('output', { units: pixels, activation: 'sigmoid', trainScale: true, kernelInit: 'glorot' }),
      new Reshape('image', spec.imageShape),
    ];
    // Another seed than D's, so the two networks start independent.
    const body = new Sequential('generator', layers, [o.latentDim ?? 100], (o.initSeed ?? 1) + 1);
    return spec.layers.generator(new SequentialGenerator(body, 'uniform'), o.initSeed ?? 1);
  },
};

export default definePlugin({
  models: [narrowMlp],
  presets: [{
    name: 'narrow-mlp-fm',
    description: 'MNIST with the narrow MLP: the paper\'s recipe, 100 labels, 100 epochs',
    config: recipe({ preset: 'narrow-mlp-fm', dataset: 'mnist', model: 'narrow-mlp', labels: 100, epochs: 100, learningRate: 0.003 }),
  }],
});
