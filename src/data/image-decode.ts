/**
 * Decodes image files to fixed-size pixel arrays with sharp, a bounded number at a time (each
 * decode holds a full-size image in memory), with a progress line.
 */
import sharp from 'sharp';
import { DatasetFormatError } from '../core/errors';
import type { ImageShape } from './options';
import { ProgressLine } from './progress';

export const FITS = ['cover', 'contain', 'fill'] as const;
/** cover: scale and centre-crop; contain: scale and pad with black; fill: stretch. */
export type Fit = (typeof FITS)[number];

export interface DecodeOptions {
  readonly shape: ImageShape;
  readonly fit: Fit;
  readonly concurrency: number;
  /** Skip undecodable files (with a warning) instead of failing on the first one. */
  readonly skipBadImages: boolean;
  readonly progressLabel: string;
  readonly progress: boolean;
  /** Also count the files' own sizes (before resizing), for a notice when they differ. */
  readonly countSizes?: boolean;
}

export interface Decoded {
  /** Images of the decodable files, in the order of `files`, HWC bytes. */
  readonly pixels: Uint8Array;
  /** Index in `files` of each decoded image. */
  readonly kept: number[];
  readonly skipped: string[];
  /** With `countSizes`: how many decoded files had each size, "HxW" (after EXIF orientation). */
  readonly sizes: ReadonlyMap<string, number>;
}

export async function decodeImages(files: readonly string[], options: DecodeOptions): Promise<Decoded> {
  const [h, w, c] = options.shape;
  const perImage = h * w * c;
  const pixels = new Uint8Array(files.length * perImage);
  const ok = new Array<boolean>(files.length).fill(false);
  const skipped: string[] = [];
  const sizes = new Map<string, number>();
  const progress = new ProgressLine(options.progressLabel, files.length, 'items', options.progress ? process.stderr : null);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (next < files.length && !failed) {
      const i = next++;
      try {
        pixels.set(await decodeOne(files[i], options.shape, options.fit), i * perImage);
        if (options.countSizes) {
          const [h, w] = await naturalShape(files[i]);
          sizes.set(`${h}x${w}`, (sizes.get(`${h}x${w}`) ?? 0) + 1);
        }
        ok[i] = true;
      } catch (err) {
        if (!options.skipBadImages || !(err instanceof DatasetFormatError)) {
          failed = true;
          throw err;
        }
        skipped.push(files[i]);
        process.stderr.write(`warning: skipping ${err.message}\n`);
      }
      progress.update(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  progress.done(skipped.length > 0 ? ` (${skipped.length} skipped)` : '');
  const kept = ok.flatMap((good, i) => (good ? [i] : []));
  if (kept.length === files.length) return { pixels, kept, skipped, sizes };
  // Close the gaps the skipped files left.
  const packed = new Uint8Array(kept.length * perImage);
  kept.forEach((from, to) => packed.set(pixels.subarray(from * perImage, (from + 1) * perImage), to * perImage));
  return { pixels: packed, kept, skipped: skipped.sort(), sizes };
}

/** One file resized to `shape`: EXIF orientation applied, transparency flattened onto black. */
export async function decodeOne(file: string, shape: ImageShape, fit: Fit): Promise<Uint8Array> {
  const [h, w, c] = shape;
  let result: { data: Buffer; info: sharp.OutputInfo };
  try {
    const image = sharp(file).rotate().resize(w, h, { fit, background: '#000000' }).flatten({ background: '#000000' });
    result = await (c === 1 ? image.grayscale() : image.toColourspace('srgb')).raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new DatasetFormatError(file, `cannot decode image (${(err as Error).message.replace(/[:\s]+$/, '')})`);
  }
  const { data, info } = result;
  if (info.width !== w || info.height !== h || info.channels !== c) {
    throw new DatasetFormatError(file, `decoded to ${info.height}x${info.width}x${info.channels}, expected ${h}x${w}x${c}`);
  }
  return data;
}

/** Height, width and channel count (1 for grayscale, else 3) of a file, to default the target shape. */
export async function naturalShape(file: string): Promise<ImageShape> {
  try {
    const meta = await sharp(file).metadata();
    const grey = meta.space === 'b-w' || meta.channels === 1 || (meta.channels === 2 && meta.hasAlpha);
    const swap = (meta.orientation ?? 1) >= 5;
    return [swap ? meta.width : meta.height, swap ? meta.height : meta.width, grey ? 1 : 3];
  } catch (err) {
    throw new DatasetFormatError(file, `cannot read image header (${(err as Error).message.trim()})`);
  }
}
