/**
 * What a seed asks of evaluation while it trains: the test error of its discriminator each
 * evaluated epoch, and its class probabilities at the end (for ensembles). Whoever trains a seed
 * passes an implementation in (src/eval/seed-evaluator.ts), so training imports no evaluation.
 */
import type { Discriminator, ImageSet } from '../core/contracts';
import type { RandomStreams } from '../engine/random';

export interface SeedEvaluator {
  /** Percentage of `images` D classifies otherwise than `labels`. */
  errorPercent(discriminator: Discriminator, images: ImageSet, labels: Int32Array, random: RandomStreams): Promise<number>;
  /** Softmax over D's K logits for every image, row-major [N, K]. */
  classProbabilities(discriminator: Discriminator, images: ImageSet, random: RandomStreams): Promise<Float32Array>;
}
