/** The evaluation every trainer of a seed passes in: test error and class probabilities of D. */
import type { SeedEvaluator } from '../seed/evaluator';
import { classProbabilities } from './ensemble';
import { classificationErrorPercent } from './error';

export const testSetEvaluator: SeedEvaluator = {
  errorPercent: (discriminator, images, labels, random) => classificationErrorPercent(discriminator, images, labels, random),
  classProbabilities: (discriminator, images, random) => classProbabilities(discriminator, images, random),
};
