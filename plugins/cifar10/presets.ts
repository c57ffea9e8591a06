/** The paper's CIFAR-10 setting (feature matching, 4000 labels, 1200 epochs) and its published errors. */
import type { Preset } from '../../src/core/contracts';

const PAPER = 'Salimans et al. 2016, Table 2 (10 subsets)';

export const CIFAR10_FEATURE_MATCHING: Preset = {
  name: 'cifar10-fm',
  description: "CIFAR-10, feature-matching generator, the authors' recipe (lr 0.0003, linear decay over the last 400 of 1200 epochs)",
  config: {
    preset: 'cifar10-fm',
    dataset: 'cifar10',
    datasetOptions: {},
    model: 'cifar10-conv',
    modelOptions: {},
    labels: 4000,
    seed: 1,
    seeds: 1,
    dataSeed: 1,
    epochs: 1200,
    iterationsPerEpoch: 0,
    batchSize: 100,
    learningRate: 0.0003,
    lrDecayStartEpoch: 800,
    adamBeta1: 0.5,
    emaRate: 1e-4,
    evaluateEveryEpochs: 1,
    initExamples: 500,
    discriminatorObjectives: [
      { name: 'supervised', weight: 1, options: {} },
      { name: 'k-plus-one', weight: 1, options: {} },
    ],
    // The authors' conv models match the pooled features by mean absolute difference.
    generatorObjectives: [{ name: 'feature-matching', weight: 1, options: { distance: 'absolute' } }],
    hooks: [],
  },
  published: {
    1000: { mean: 21.83, std: 2.01, source: PAPER },
    2000: { mean: 19.61, std: 2.09, source: PAPER },
    4000: { mean: 18.63, std: 2.32, source: PAPER },
    8000: { mean: 17.72, std: 1.82, source: PAPER },
  },
};
