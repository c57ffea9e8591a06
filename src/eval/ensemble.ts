/**
 * Ensembles of seeds, as in the paper's "ensemble of 10" row: the mean of the seeds' class
 * probabilities (softmax over the K real classes of each averaged discriminator), then argmax.
 */
import * as tf from '@tensorflow/tfjs';
import type { Discriminator, ImageSet } from '../core/contracts';
import { indexRange } from '../data/image-set';
import type { RandomStreams } from '../engine/random';

/** softmax over D's K logits for every image, row-major [N, K]; batched to bound memory. */
export async function classProbabilities(discriminator: Discriminator, images: ImageSet, random: RandomStreams, batchSize = 1000): Promise<Float32Array> {
  const ctx = { training: false, random };
  const n = images.count;
  let out: Float32Array | undefined;
  for (let begin = 0; begin < n; begin += batchSize) {
    const size = Math.min(batchSize, n - begin);
    const probabilities = tf.tidy(() => tf.softmax(discriminator.apply(images.batch(indexRange(begin, size)), ctx).logits));
    const values = (await probabilities.data()) as Float32Array;
    probabilities.dispose();
    out ??= new Float32Array(n * (values.length / size));
    out.set(values, begin * (values.length / size));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out ?? new Float32Array(0);
}

/** The class with the highest mean probability over `tables` (each [N, K], row-major), per example. */
export function ensemblePredictions(tables: readonly Float32Array[], numClasses: number): Int32Array {
  if (tables.length === 0) throw new Error('an ensemble needs at least one probability table');
  const length = tables[0].length;
  if (length % numClasses !== 0 || tables.some((t) => t.length !== length)) {
    throw new Error(`probability tables must all hold N x ${numClasses} values`);
  }
  const n = length / numClasses;
  const predictions = new Int32Array(n);
  const sums = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (const table of tables) for (let k = 0; k < numClasses; k++) sums[k] += table[i * numClasses + k];
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (sums[k] > sums[best]) best = k;
    predictions[i] = best;
  }
  return predictions;
}

/** Test error (%) of the ensemble of `tables` against `labels`. */
export function ensembleErrorPercent(tables: readonly Float32Array[], labels: Int32Array, numClasses: number): number {
  const predictions = ensemblePredictions(tables, numClasses);
  if (predictions.length !== labels.length) throw new Error(`probability tables hold ${predictions.length} examples, labels ${labels.length}`);
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] !== labels[i]) wrong += 1;
  return (100 * wrong) / labels.length;
}
