/** The paper's SVHN setting (feature matching, 1000 labels, 900 epochs) and its published errors. */
import type { Preset } from '../../src/core/contracts';

const PAPER = 'Salimans et al. 2016, SVHN results (10 subsets)';

export const SVHN_FEATURE_MATCHING: Preset = {
  name: 'svhn-fm',
  description: "SVHN, feature-matching generator, the authors' recipe (lr 0.0003, linear decay over the last 300 of 900 epochs)",
  config: {
    preset: 'svhn-fm',
    dataset: 'svhn',
    datasetOptions: {},
    model: 'svhn-conv',
    modelOptions: {},
    labels: 1000,
    seed: 1,
    seeds: 1,
    dataSeed: 1,
    epochs: 900,
    iterationsPerEpoch: 0,
    batchSize: 100,
    learningRate: 0.0003,
    lrDecayStartEpoch: 600,
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
    500: { mean: 18.44, std: 4.8, source: PAPER },
    1000: { mean: 8.11, std: 1.3, source: PAPER },
    2000: { mean: 6.16, std: 0.58, source: PAPER },
  },
};
