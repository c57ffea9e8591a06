/** What predict, the API and the page need of a trained classifier, wherever it was loaded from. */
import type * as tf from '@tensorflow/tfjs';
import type { Preprocessing } from './preprocessing';

export interface ClassifierOutput {
  /** Softmax over the K real classes, row-major [n, K]. */
  readonly probabilities: Float32Array;
  /**
   * The discriminator's probability that each image is generated (its K+1-th class), [n]: an
   * out-of-distribution hint. Absent for an exported model, which keeps only the K classes.
   */
  readonly generated?: Float32Array;
}

export interface Classifier {
  readonly classNames: readonly string[];
  readonly preprocessing: Preprocessing;
  /** Which weights classify, e.g. "seed 1, averaged weights". */
  readonly description: string;
  /** Classifies `images`, already preprocessed; does not dispose them. */
  classify(images: tf.Tensor4D): Promise<ClassifierOutput>;
  dispose(): void;
}
