/**
 * A dataset descriptor as predict's input: the dataset its loader reads, its test split (labelled)
 * or its unlabeled split. The loader holds the split on the host, as it does for training.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, DatasetFormatError } from '../core/errors';
import type { Registry } from '../core/registry';
import { loadDescriptorDataset } from '../data/descriptor';
import { indexRange } from '../data/image-set';
import type { InputSource } from './inputs';

export const DESCRIPTOR_SPLITS = ['test', 'unlabeled'] as const;
export type DescriptorSplit = (typeof DESCRIPTOR_SPLITS)[number];

export async function openDescriptorInput(file: string, split: DescriptorSplit, registry: Registry, classNames: readonly string[], imageShape: readonly number[]): Promise<InputSource> {
  const dataset = await loadDescriptorDataset(file, registry);
  const images = split === 'test' ? dataset.testImages : dataset.unlabeledImages;
  if (!images) throw new ConfigError(`${file}: the dataset has no unlabeled split`);
  const { count, shape } = images;
  if (shape.join() !== imageShape.join()) {
    throw new DatasetFormatError(file, `holds ${shape.join('x')} images; the classifier takes ${imageShape.join('x')}`);
  }
  // The descriptor's class k is the classifier's class of the same name.
  const toClassifier = dataset.classNames.map((name) => classNames.indexOf(name));
  const { offset, scale } = dataset.scaling;
  return {
    total: count,
    skipped: [],
    async *batches(batchSize) {
      for (let begin = 0; begin < count; begin += batchSize) {
        const size = Math.min(batchSize, count - begin);
        // Back to pixels in [0, 255]: the classifier applies its own run's scaling.
        const part = tf.tidy(() => images.batch(indexRange(begin, size)).mul(scale).add(offset));
        const pixels = (await part.data()) as Float32Array;
        part.dispose();
        yield {
          names: Array.from({ length: size }, (_, i) => `${split} ${begin + i + 1}`),
          pixels,
          labels: split === 'test' ? Int32Array.from(dataset.testLabels.subarray(begin, begin + size), (y) => toClassifier[y]) : undefined,
        };
      }
    },
  };
}
