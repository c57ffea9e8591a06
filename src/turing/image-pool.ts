/**
 * The images a Turing test shows: real test images and a generator's samples, each turned into a
 * PNG by the same steps (model scale -> pixels, rounded, no border), so the file says nothing
 * about where an image came from.
 */
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { Dataset, Generator } from '../core/contracts';
import { Rng } from '../engine/random';
import { generateImages } from '../store/saved-run';
import type { Truth } from './record';

export type ImagePool = Readonly<Record<Truth, readonly Buffer[]>>;

/** `size` real test images and `size` samples of `generator`, as PNGs. */
export async function buildImagePool(dataset: Dataset, generator: Generator, size: number, seed: number): Promise<ImagePool> {
  const count = Math.min(size, dataset.testLabels.length);
  const real = dataset.testImages.batch(new Rng(seed).permutation(dataset.testLabels.length).subarray(0, count));
  const generated = generateImages(generator, count, seed);
  try {
    return { real: await toPngs(real, dataset), generated: await toPngs(generated, dataset) };
  } finally {
    tf.dispose([real, generated]);
  }
}

async function toPngs(images: tf.Tensor4D, dataset: Dataset): Promise<Buffer[]> {
  const [n, h, w, c] = images.shape;
  const pixels = tf.tidy(() => tf.clipByValue(tf.add(tf.mul(images, dataset.scaling.scale), dataset.scaling.offset), 0, 255).round().toInt());
  const values = Uint8Array.from(await pixels.data());
  pixels.dispose();
  const size = h * w * c;
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const raw = Buffer.from(values.subarray(i * size, (i + 1) * size));
    out.push(await sharp(raw, { raw: { width: w, height: h, channels: c as 1 | 3 | 4 } }).png().toBuffer());
  }
  return out;
}
