/** Writes real MNIST out in users' layouts (CSV files, PNG/JPEG folders) for the own-dataset tests. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdxFile } from '../../src/data/idx-reader';
import { embeddedMnistDir } from '../../plugins/mnist/mnist-loader';

export interface MnistSlice {
  /** `count` images of 28x28 bytes, row-major. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** The first `count` images of the embedded MNIST training ('train') or test ('t10k') set. */
export function mnistSlice(split: 'train' | 't10k', count: number): MnistSlice {
  const dir = embeddedMnistDir();
  const images = readIdxFile(path.join(dir, `${split}-images-idx3-ubyte`), IDX_IMAGES_MAGIC);
  const labels = readIdxFile(path.join(dir, `${split}-labels-idx1-ubyte`), IDX_LABELS_MAGIC);
  const n = Math.min(count, images.dims[0]);
  return { pixels: images.data.subarray(0, n * 784), labels: labels.data.subarray(0, n), count: n };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ssgan-${prefix}-`));
}

export interface CsvWriteOptions {
  /** Kaggle layout: a `label,pixel0,...` header and the label first. */
  readonly header?: boolean;
  readonly labelLast?: boolean;
  /** Leave the label column out (Kaggle's test.csv). */
  readonly withoutLabels?: boolean;
}

/** Writes `slice` as CSV, streamed so that the full 60 000 images can be written too. */
export async function writeMnistCsv(file: string, slice: MnistSlice, options: CsvWriteOptions = { header: true }): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const pixelNames = Array.from({ length: 784 }, (_, i) => `pixel${i}`);
  if (options.header) {
    const names = options.withoutLabels ? pixelNames : options.labelLast ? [...pixelNames, 'label'] : ['label', ...pixelNames];
    await write(`${names.join(',')}\n`);
  }
  for (let i = 0; i < slice.count; i++) {
    const cells = Array.from(slice.pixels.subarray(i * 784, (i + 1) * 784), String);
    const label = String(slice.labels[i]);
    const row = options.withoutLabels ? cells : options.labelLast ? [...cells, label] : [label, ...cells];
    await write(`${row.join(',')}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** One MNIST image as an encoded PNG (or JPEG), optionally enlarged to `size` pixels square. */
export async function encodeDigit(slice: MnistSlice, i: number, format: 'png' | 'jpeg' | 'webp', size = 28): Promise<Buffer> {
  const raw = Buffer.from(slice.pixels.subarray(i * 784, (i + 1) * 784));
  let image = sharp(raw, { raw: { width: 28, height: 28, channels: 1 } }).toColourspace('b-w');
  if (size !== 28) image = image.resize(size, size, { kernel: 'nearest' });
  return image.toFormat(format).toBuffer();
}

/** Writes `slice` as root/<split>/<digit>/<index>.png; returns the files in write order. */
export async function writeMnistFolder(root: string, split: string, slice: MnistSlice): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < slice.count; i++) {
    const dir = path.join(root, split, String(slice.labels[i]));
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${String(i).padStart(5, '0')}.png`);
    fs.writeFileSync(file, await encodeDigit(slice, i, 'png'));
    files.push(file);
  }
  return files;
}
