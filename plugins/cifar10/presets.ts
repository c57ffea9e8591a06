/** The paper's CIFAR-10 setting (feature matching, 4000 labels, 1200 epochs) and its published errors. */
import type { Preset } from '../../src/core/contracts';
import { paperRecipe } from '../../src/gan/recipe';

const PAPER = 'Salimans et al. 2016, Table 2 (10 subsets)';

export const CIFAR10_FEATURE_MATCHING: Preset = {
  name: 'cifar10-fm',
  description: "CIFAR-10, feature-matching generator, the authors' recipe (lr 0.0003, linear decay over the last 400 of 1200 epochs)",
  config: paperRecipe({
    preset: 'cifar10-fm',
    dataset: 'cifar10',
    model: 'cifar10-conv',
    labels: 4000,
    epochs: 1200,
    learningRate: 0.0003,
    lrDecayStartEpoch: 800,
    // The authors' conv models match the pooled features by mean absolute difference.
    featureDistance: 'absolute',
  }),
  published: {
    1000: { mean: 21.83, std: 2.01, source: PAPER, ensembleOf10: { mean: 19.22, std: 0.54 } },
    2000: { mean: 19.61, std: 2.09, source: PAPER, ensembleOf10: { mean: 17.25, std: 0.66 } },
    4000: { mean: 18.63, std: 2.32, source: PAPER, ensembleOf10: { mean: 15.59, std: 0.47 } },
    8000: { mean: 17.72, std: 1.82, source: PAPER, ensembleOf10: { mean: 14.87, std: 0.89 } },
  },
};
