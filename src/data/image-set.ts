/**
 * Images held on the host as loaded, one byte per pixel value, turned into a float32 tensor one
 * batch at a time: a dataset costs its pixel count in bytes, not four times that on the device.
 * A batch is bit for bit the rows of the float32 tensor `toImageTensor` makes of the whole set.
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageSet, PixelScaling } from '../core/contracts';

type ImageShape = readonly [number, number, number];

/** The `batch` every set shares: each image written by `writeScaled` into one float32 tensor. */
abstract class HostImageSet implements ImageSet {
  readonly imageSize: number;

  constructor(readonly count: number, readonly shape: ImageShape) {
    this.imageSize = shape[0] * shape[1] * shape[2];
  }

  batch(indices: ArrayLike<number>): tf.Tensor4D {
    const values = new Float32Array(indices.length * this.imageSize);
    for (let i = 0; i < indices.length; i++) this.writeScaled(this.checked(indices[i]), values, i * this.imageSize);
    return tf.tensor4d(values, [indices.length, ...this.shape]);
  }

  abstract writeScaled(index: number, out: Float32Array, offset: number): void;

  protected checked(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) throw new RangeError(`image ${index} is outside 0..${this.count - 1}`);
    return index;
  }
}

/** Uint8 pixels, scaled through a 256-entry table of exactly the float32 values `toImageTensor` computes. */
class Uint8ImageSet extends HostImageSet {
  private readonly table: Float32Array;

  constructor(readonly pixels: Uint8Array, count: number, shape: ImageShape, scaling: PixelScaling) {
    super(count, shape);
    checkLength(pixels.length, count, shape);
    this.table = scalingTable(scaling);
  }

  writeScaled(index: number, out: Float32Array, offset: number): void {
    const begin = index * this.imageSize;
    for (let j = 0; j < this.imageSize; j++) out[offset + j] = this.table[this.pixels[begin + j]];
  }
}

/** Fractional pixel values (a CSV rescaled from another maximum), scaled as `toImageTensor` scales them. */
class Float32ImageSet extends HostImageSet {
  private readonly inverseScale: number;

  constructor(readonly pixels: Float32Array, count: number, shape: ImageShape, private readonly scaling: PixelScaling) {
    super(count, shape);
    checkLength(pixels.length, count, shape);
    this.inverseScale = 1 / scaling.scale;
  }

  writeScaled(index: number, out: Float32Array, offset: number): void {
    const begin = index * this.imageSize;
    for (let j = 0; j < this.imageSize; j++) out[offset + j] = (this.pixels[begin + j] - this.scaling.offset) * this.inverseScale;
  }
}

/** Several sets of one shape read as one, in order, without copying their pixels. */
class ConcatenatedImageSet extends HostImageSet {
  /** Index of each part's first image. */
  private readonly starts: number[] = [];

  constructor(private readonly parts: readonly ImageSet[]) {
    super(parts.reduce((n, p) => n + p.count, 0), parts[0].shape);
    let start = 0;
    for (const part of parts) {
      if (part.shape.join() !== this.shape.join()) throw new Error(`cannot join ${part.shape.join('x')} images to ${this.shape.join('x')} images`);
      this.starts.push(start);
      start += part.count;
    }
  }

  writeScaled(index: number, out: Float32Array, offset: number): void {
    let k = this.parts.length - 1;
    while (this.starts[k] > index) k--;
    this.parts[k].writeScaled(index - this.starts[k], out, offset);
  }
}

/** The images of `parent` at `indices`, in that order (a labeled subset), without copying them. */
class SelectedImageSet extends HostImageSet {
  constructor(private readonly parent: ImageSet, private readonly indices: Int32Array) {
    super(indices.length, parent.shape);
  }

  writeScaled(index: number, out: Float32Array, offset: number): void {
    this.parent.writeScaled(this.indices[index], out, offset);
  }
}

/**
 * `count` images of `shape` whose pixels (HWC, image after image, values in [0, 255]) are held as
 * given, scaled by `scaling` a batch at a time. Float32 pixels that are all whole numbers in
 * [0, 255] are kept as uint8: the same batches for a quarter of the memory.
 */
export function hostImageSet(pixels: Uint8Array | Float32Array, count: number, shape: ImageShape, scaling: PixelScaling): ImageSet {
  if (pixels instanceof Uint8Array) return new Uint8ImageSet(pixels, count, shape, scaling);
  return allBytes(pixels) ? new Uint8ImageSet(Uint8Array.from(pixels), count, shape, scaling) : new Float32ImageSet(pixels, count, shape, scaling);
}

/** `parts` as one set, in order (SVHN's train and extra as one unlabeled set). */
export function concatImageSets(parts: readonly ImageSet[]): ImageSet {
  if (parts.length === 0) throw new Error('concatImageSets: no sets to join');
  return parts.length === 1 ? parts[0] : new ConcatenatedImageSet(parts);
}

/** The images of `set` at `indices` as a set of their own. */
export function selectImages(set: ImageSet, indices: Int32Array): ImageSet {
  for (const i of indices) if (!Number.isInteger(i) || i < 0 || i >= set.count) throw new RangeError(`image ${i} is outside 0..${set.count - 1}`);
  return new SelectedImageSet(set, indices);
}

/** Indices begin, begin + 1, ..., begin + size - 1: a run of images to read in order. */
export function indexRange(begin: number, size: number): Int32Array {
  return Int32Array.from({ length: size }, (_, i) => begin + i);
}

/** Float32 of (p - offset) * (1 / scale) for every byte p: what `toImageTensor` stores for p. */
export function scalingTable(scaling: PixelScaling): Float32Array {
  const table = new Float32Array(256);
  const inverseScale = 1 / scaling.scale;
  for (let p = 0; p < 256; p++) table[p] = (p - scaling.offset) * inverseScale;
  return table;
}

function allBytes(pixels: Float32Array): boolean {
  // -0 would come back as +0, and scale to +0 where toImageTensor gives -0.
  for (const p of pixels) if (!Number.isInteger(p) || p < 0 || p > 255 || Object.is(p, -0)) return false;
  return true;
}

function checkLength(length: number, count: number, shape: ImageShape): void {
  const expected = count * shape[0] * shape[1] * shape[2];
  if (length !== expected) throw new Error(`${length} pixel values for ${count} images of ${shape.join('x')} (${expected} expected)`);
}
