/** The paper's MNIST setting (feature matching, 100 labels, 300 epochs) and its published errors. */
import type { Preset } from '../../src/core/contracts';

const PAPER = 'Salimans et al. 2016, Table 1 (10 subsets)';

export const MNIST_FEATURE_MATCHING: Preset = {
  name: 'mnist-fm',
  description: 'MNIST, feature-matching generator, the authors\' recipe (lr 0.003, 300 epochs)',
  config: {
    preset: 'mnist-fm',
    dataset: 'mnist',
    datasetOptions: {},
    model: 'mnist-dense',
    modelOptions: {},
    labels: 100,
    seed: 1,
    seeds: 1,
    dataSeed: 1,
    epochs: 300,
    iterationsPerEpoch: 0,
    batchSize: 100,
    learningRate: 0.003,
    lrDecayStartEpoch: null,
    adamBeta1: 0.5,
    emaRate: 1e-4,
    evaluateEveryEpochs: 1,
    initExamples: 500,
    discriminatorObjectives: [
      { name: 'supervised', weight: 1, options: {} },
      { name: 'k-plus-one', weight: 1, options: {} },
    ],
    generatorObjectives: [{ name: 'feature-matching', weight: 1, options: { distance: 'squared' } }],
    hooks: [],
  },
  published: {
    20: { mean: 16.77, std: 4.52, source: PAPER },
    50: { mean: 2.21, std: 1.36, source: PAPER },
    100: { mean: 0.93, std: 0.065, source: PAPER },
    200: { mean: 0.9, std: 0.042, source: PAPER },
  },
};
