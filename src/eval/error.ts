/** Test error of the discriminator used as a K-class classifier. */
import * as tf from '@tensorflow/tfjs';
import type { Discriminator, ImageSet } from '../core/contracts';
import { indexRange } from '../data/image-set';
import type { RandomStreams } from '../engine/random';

/** Percentage of `images` whose argmax over D's K logits differs from `labels`; batched to bound memory. */
export async function classificationErrorPercent(
  discriminator: Discriminator,
  images: ImageSet,
  labels: Int32Array,
  random: RandomStreams,
  batchSize = 1000,
): Promise<number> {
  const ctx = { training: false, random };
  let wrong = 0;
  for (let begin = 0; begin < labels.length; begin += batchSize) {
    const size = Math.min(batchSize, labels.length - begin);
    const predicted = tf.tidy(() => tf.argMax(discriminator.apply(images.batch(indexRange(begin, size)), ctx).logits, 1));
    const values = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < size; i++) if (values[i] !== labels[begin + i]) wrong += 1;
    // wasm computes synchronously: let timers run (a queue worker's lock renewal) between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return (100 * wrong) / labels.length;
}
