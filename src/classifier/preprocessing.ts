/**
 * What a trained classifier expects of its input, as its run recorded it: image shape, how image
 * files are fitted to it, and the pixel scaling. Every input to a classifier goes through this.
 */
import type * as tf from '@tensorflow/tfjs';
import type { PixelScaling } from '../core/contracts';
import { toImageTensor } from '../data/assemble';
import { FITS, type Fit } from '../data/image-decode';
import type { ImageShape } from '../data/options';

export interface Preprocessing {
  readonly imageShape: ImageShape;
  /** How an image file of another size becomes `imageShape` (the image-folder loader's `fit`). */
  readonly fit: Fit;
  /** Model inputs are (p - offset) / scale of pixels p in [0, 255]. */
  readonly scaling: PixelScaling;
}

/** The fit a run's dataset options name; 'cover', the image-folder loader's default, otherwise. */
export function fitOf(datasetOptions: Readonly<Record<string, unknown>>): Fit {
  const fit = datasetOptions.fit;
  return typeof fit === 'string' && (FITS as readonly string[]).includes(fit) ? (fit as Fit) : 'cover';
}

/** `count` images of pixels in [0, 255], HWC, as model inputs [count, H, W, C]. */
export function toModelInput(pixels: Uint8Array | Float32Array, count: number, p: Preprocessing): tf.Tensor4D {
  return toImageTensor(pixels, count, p.imageShape, p.scaling);
}
