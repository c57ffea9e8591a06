/** The paper's SVHN setting (feature matching, 1000 labels, 900 epochs) and its published errors. */
import type { Preset } from '../../src/core/contracts';
import { paperRecipe } from '../../src/gan/recipe';

const PAPER = 'Salimans et al. 2016, SVHN results (10 subsets)';

export const SVHN_FEATURE_MATCHING: Preset = {
  name: 'svhn-fm',
  description: "SVHN, feature-matching generator, the authors' recipe (lr 0.0003, linear decay over the last 300 of 900 epochs)",
  config: paperRecipe({
    preset: 'svhn-fm',
    dataset: 'svhn',
    model: 'svhn-conv',
    labels: 1000,
    epochs: 900,
    learningRate: 0.0003,
    lrDecayStartEpoch: 600,
    featureDistance: 'absolute',
  }),
  published: {
    500: { mean: 18.44, std: 4.8, source: PAPER },
    1000: { mean: 8.11, std: 1.3, source: PAPER, ensembleOf10: { mean: 5.88, std: 1 } },
    2000: { mean: 6.16, std: 0.58, source: PAPER },
  },
};
