/** Image grids of generated and real samples, written as PNG with sharp. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import type { PixelScaling } from '../core/contracts';

/** Gap between tiles, in pixels (drawn black). */
const GAP = 2;

/** Writes `images` [N, H, W, C] (model scale) as a `columns`-wide grid PNG to `file`. */
export async function writeImageGrid(images: tf.Tensor4D, scaling: PixelScaling, columns: number, file: string): Promise<void> {
  const [n, h, w, c] = images.shape;
  const rows = Math.ceil(n / columns);
  const pixels = tf.tidy(() =>
    tf.clipByValue(tf.add(tf.mul(images, scaling.scale), scaling.offset), 0, 255).round(),
  );
  const values = await pixels.data();
  pixels.dispose();
  const width = columns * w + (columns - 1) * GAP;
  const height = rows * h + (rows - 1) * GAP;
  const canvas = Buffer.alloc(width * height * c);
  for (let i = 0; i < n; i++) {
    const top = Math.floor(i / columns) * (h + GAP);
    const left = (i % columns) * (w + GAP);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          canvas[((top + y) * width + left + x) * c + ch] = values[((i * h + y) * w + x) * c + ch];
        }
      }
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(canvas, { raw: { width, height, channels: c as 1 | 3 | 4 } }).png().toFile(file);
}
