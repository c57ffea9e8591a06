/**
 * What predict reads, in batches: one image file, a folder of image files (searched recursively),
 * a CSV file, IDX files, or a dataset descriptor's test or unlabeled split. Each becomes pixels in
 * [0, 255] of the classifier's shape, through the same readers the loaders use, so an input is
 * prepared exactly as the run's training data was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetFormatError } from '../core/errors';
import { filesUnder } from '../data/assemble';
import { type CsvLayout, planarToInterleaved, readCsvChunks } from '../data/csv-reader';
import { decodeOne } from '../data/image-decode';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdxFile } from '../data/idx-reader';
import type { Preprocessing } from './preprocessing';

/** Formats sharp reads, by file extension. */
export const IMAGE_FILE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif', '.svg'];

export interface InputBatch {
  /** Each input's name: its file (relative to the input folder) or its row. */
  readonly names: string[];
  /** `names.length` images, HWC, pixel values in [0, 255]. */
  readonly pixels: Uint8Array | Float32Array;
  /** Class index of each input, -1 where unknown; absent when no input has a label. */
  readonly labels?: Int32Array;
}

export interface InputSource {
  /** Inputs to read, when known in advance (for the progress line). */
  readonly total?: number;
  batches(batchSize: number): AsyncGenerator<InputBatch>;
  /** Files skipped as undecodable so far (with `skipBadImages`). */
  readonly skipped: readonly string[];
}

export interface InputOptions {
  readonly preprocessing: Preprocessing;
  readonly classNames: readonly string[];
  readonly skipBadImages: boolean;
  /** How CSV files are laid out: the run's CSV layout, or the loader's default. */
  readonly csvLayout: CsvLayout;
  readonly csvChannelOrder: 'hwc' | 'chw';
}

/** Decodes at most this many files at once (each decode holds a full-size image). */
const DECODE_CONCURRENCY = 4;

/** The source for a file or folder other than a dataset descriptor (see descriptor-input.ts). */
export function openFileInput(input: string, o: InputOptions): InputSource {
  const stat = fs.statSync(input, { throwIfNoEntry: false });
  if (!stat) throw new DatasetFormatError(input, 'does not exist');
  if (stat.isDirectory()) return imageFilesSource(input, filesUnder(input, IMAGE_FILE_EXTENSIONS), o);
  const lower = input.toLowerCase();
  if (lower.endsWith('.csv')) return csvSource(input, o);
  if (isIdxImages(input)) return idxSource(input, o);
  return imageFilesSource(path.dirname(input), [input], o);
}

/** Image files; a file's label is its folder's name when that names a class. */
function imageFilesSource(root: string, files: readonly string[], o: InputOptions): InputSource {
  if (files.length === 0) throw new DatasetFormatError(root, `holds no image files (${IMAGE_FILE_EXTENSIONS.join(', ')})`);
  const classIndex = new Map(o.classNames.map((name, k) => [name, k]));
  const labels = Int32Array.from(files, (f) => classIndex.get(path.basename(path.dirname(f))) ?? -1);
  const labelled = files.length > 1 && labels.some((y) => y >= 0);
  const skipped: string[] = [];
  const [h, w, c] = o.preprocessing.imageShape;
  const perImage = h * w * c;
  return {
    total: files.length,
    skipped,
    async *batches(batchSize) {
      for (let begin = 0; begin < files.length; begin += batchSize) {
        const batch = files.slice(begin, begin + batchSize);
        const decoded = await decodeAll(batch, o, skipped);
        const kept = batch.flatMap((_, i) => (decoded[i] ? [i] : []));
        const pixels = new Uint8Array(kept.length * perImage);
        kept.forEach((i, to) => pixels.set(decoded[i]!, to * perImage));
        yield {
          names: kept.map((i) => path.relative(root, batch[i]) || path.basename(batch[i])),
          pixels,
          labels: labelled ? Int32Array.from(kept, (i) => labels[begin + i]) : undefined,
        };
      }
    },
  };
}

async function decodeAll(files: readonly string[], o: InputOptions, skipped: string[]): Promise<(Uint8Array | undefined)[]> {
  const out: (Uint8Array | undefined)[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      try {
        out[i] = await decodeOne(files[i], o.preprocessing.imageShape, o.preprocessing.fit);
      } catch (err) {
        if (!o.skipBadImages || !(err instanceof DatasetFormatError)) throw err;
        skipped.push(files[i]);
        process.stderr.write(`warning: skipping ${err.message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECODE_CONCURRENCY, files.length) }, worker));
  return out;
}

function csvSource(file: string, o: InputOptions): InputSource {
  const [h, w, c] = o.preprocessing.imageShape;
  const perImage = h * w * c;
  return {
    skipped: [],
    async *batches(batchSize) {
      let row = 0;
      for await (const chunk of readCsvChunks(file, o.csvLayout, false, perImage, batchSize)) {
        const names = Array.from({ length: chunk.count }, (_, i) => `row ${row + i + 1}`);
        row += chunk.count;
        const pixels = o.csvChannelOrder === 'chw' ? planarToInterleaved(chunk.pixels, o.preprocessing.imageShape) : chunk.pixels;
        const labels = chunk.rawLabels.length === chunk.count ? Int32Array.from(chunk.rawLabels, (raw) => classOf(raw, o.classNames)) : undefined;
        yield { names, pixels, labels };
      }
    },
  };
}

/** A label cell's class: its name, or the same number ("3" and "3.0"). */
function classOf(raw: string, classNames: readonly string[]): number {
  const exact = classNames.indexOf(raw);
  if (exact >= 0 || raw.trim() === '' || !Number.isFinite(Number(raw))) return exact;
  return classNames.findIndex((name) => name.trim() !== '' && Number(name) === Number(raw));
}

function isIdxImages(file: string): boolean {
  if (/idx3/i.test(path.basename(file))) return true;
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4);
    return fs.readSync(fd, head, 0, 4, 0) === 4 && head.readUInt32BE(0) === IDX_IMAGES_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

/** An IDX image file, with its labels from the matching labels-idx1 file beside it, if there is one. */
function idxSource(file: string, o: InputOptions): InputSource {
  const images = readIdxFile(file, IDX_IMAGES_MAGIC);
  const [count, rows, cols] = images.dims;
  const [h, w, c] = o.preprocessing.imageShape;
  if (images.dims.length !== 3 || rows !== h || cols !== w || c !== 1) {
    throw new DatasetFormatError(file, `holds ${images.dims.slice(1).join('x')} grayscale images; the classifier takes ${h}x${w}x${c}`);
  }
  const labelFile = path.join(path.dirname(file), path.basename(file).replace(/images-idx3/, 'labels-idx1'));
  const labels = labelFile !== file && fs.existsSync(labelFile) ? readIdxFile(labelFile, IDX_LABELS_MAGIC) : undefined;
  if (labels && labels.dims[0] !== count) throw new DatasetFormatError(labelFile, `${labels.dims[0]} labels for ${count} images in ${file}`);
  const perImage = h * w;
  return {
    total: count,
    skipped: [],
    async *batches(batchSize) {
      for (let begin = 0; begin < count; begin += batchSize) {
        const end = Math.min(count, begin + batchSize);
        yield {
          names: Array.from({ length: end - begin }, (_, i) => `image ${begin + i + 1}`),
          pixels: images.data.subarray(begin * perImage, end * perImage),
          labels: labels && Int32Array.from(labels.data.subarray(begin, end), (y) => (y < o.classNames.length ? y : -1)),
        };
      }
    },
  };
}

