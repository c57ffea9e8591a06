/** Image sets of tensors the tests make themselves. */
import type * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../../src/core/contracts';
import { hostImageSet } from '../../src/data/image-set';

/** The images of a float32 tensor as a host set whose batches hold the same values. */
export function imageSetOf(images: tf.Tensor4D): ImageSet {
  const [count, h, w, c] = images.shape;
  return hostImageSet(images.dataSync() as Float32Array, count, [h, w, c], { offset: 0, scale: 1 });
}

/** [N, H, W, C] of a set, as a tensor of all its images would have. */
export function dims(set: ImageSet | undefined): number[] | undefined {
  return set && [set.count, ...set.shape];
}

/** Image `index` of a set, scaled, on the host (HWC order): no tensor made. */
export function imageValues(set: ImageSet, index: number): Float32Array {
  const [h, w, c] = set.shape;
  const out = new Float32Array(h * w * c);
  set.writeScaled(index, out, 0);
  return out;
}

/** The scaled values at [index, row, column, channels...] of a set. */
export function pixelAt(set: ImageSet, index: number, row: number, column: number, channels: number): number[] {
  const [, w, c] = set.shape;
  const begin = (row * w + column) * c;
  return Array.from(imageValues(set, index).subarray(begin, begin + channels));
}

/** Every image of a set, scaled, one after another. */
export function allValues(set: ImageSet): number[] {
  return Array.from({ length: set.count }, (_, i) => Array.from(imageValues(set, i))).flat();
}
