/** The paper's MNIST setting (feature matching, 100 labels, 300 epochs) and its published errors. */
import type { Preset } from '../../src/core/contracts';
import { paperRecipe } from '../../src/gan/recipe';

const PAPER = 'Salimans et al. 2016, Table 1 (10 subsets)';

export const MNIST_FEATURE_MATCHING: Preset = {
  isDefault: true,
  name: 'mnist-fm',
  description: 'MNIST, feature-matching generator, the authors\' recipe (lr 0.003, 300 epochs)',
  config: paperRecipe({ preset: 'mnist-fm', dataset: 'mnist', model: 'mnist-dense', labels: 100, epochs: 300, learningRate: 0.003 }),
  published: {
    20: { mean: 16.77, std: 4.52, source: PAPER, ensembleOf10: { mean: 11.34, std: 4.45 } },
    50: { mean: 2.21, std: 1.36, source: PAPER, ensembleOf10: { mean: 1.42, std: 0.96 } },
    100: { mean: 0.93, std: 0.065, source: PAPER, ensembleOf10: { mean: 0.86, std: 0.056 } },
    200: { mean: 0.9, std: 0.042, source: PAPER, ensembleOf10: { mean: 0.81, std: 0.043 } },
  },
};
