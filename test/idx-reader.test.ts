import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import test from 'ava';
import { DatasetFormatError } from '../src/core/errors';
import { dims, imageValues } from './helpers/image-sets';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdxFile } from '../src/data/idx-reader';
import { MnistLoader, embeddedMnistDir } from '../plugins/mnist/mnist-loader';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-idx-'));

function idx(magic: number, dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

function writeSplit(dir: string, prefix: string, images: Buffer, labels: Buffer, gzip = false): void {
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, data: Buffer) =>
    fs.writeFileSync(path.join(dir, gzip ? `${name}.gz` : name), gzip ? zlib.gzipSync(data) : data);
  write(`${prefix}-images-idx3-ubyte`, images);
  write(`${prefix}-labels-idx1-ubyte`, labels);
}

/** A tiny valid MNIST-layout folder: 3 images of 2x2 in each split. */
function tinyMnist(dir: string, opts: { trainLabels?: number[]; trainCount?: number; gzip?: boolean } = {}): void {
  const labels = opts.trainLabels ?? [0, 1, 9];
  writeSplit(dir, 'train', idx(IDX_IMAGES_MAGIC, [opts.trainCount ?? 3, 2, 2], Array(12).fill(255)), idx(IDX_LABELS_MAGIC, [labels.length], labels), opts.gzip);
  writeSplit(dir, 't10k', idx(IDX_IMAGES_MAGIC, [3, 2, 2], Array(12).fill(0)), idx(IDX_LABELS_MAGIC, [3], [3, 4, 5]), opts.gzip);
}

test('the embedded MNIST loads: 60000/10000 images of 28x28, labels 0..9, pixels in [0,1]', async (t) => {
  const ds = await new MnistLoader().load({});
  t.deepEqual(dims(ds.trainImages), [60000, 28, 28, 1]);
  t.deepEqual(dims(ds.testImages), [10000, 28, 28, 1]);
  t.is(ds.trainLabels.length, 60000);
  t.is(ds.testLabels.length, 10000);
  t.deepEqual([...new Set(ds.trainLabels)].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const first = imageValues(ds.trainImages, 0);
  t.is(Math.max(...first), 1);
  t.is(Math.min(...first), 0);
  t.true(ds.sources.every((s) => s.startsWith(embeddedMnistDir())));
});

test('raw and gzip-compressed files load the same', async (t) => {
  const raw = path.join(tmp, 'raw');
  const gz = path.join(tmp, 'gz');
  tinyMnist(raw);
  tinyMnist(gz, { gzip: true });
  const a = await new MnistLoader().load({ dataDir: raw });
  const b = await new MnistLoader().load({ dataDir: gz });
  for (let i = 0; i < 3; i++) t.deepEqual(imageValues(a.trainImages, i), imageValues(b.trainImages, i));
  t.deepEqual([...a.trainLabels], [0, 1, 9]);
  t.deepEqual([...b.testLabels], [3, 4, 5]);
});

function expectFormatError(t: import('ava').ExecutionContext, fn: () => unknown, file: string, fault: RegExp): void {
  const err = t.throws(fn, { instanceOf: DatasetFormatError });
  t.is(err?.file, file);
  t.regex(err?.message ?? '', fault);
}

test('a truncated file is a clear error naming the file', (t) => {
  const file = path.join(tmp, 'truncated-idx3-ubyte');
  fs.writeFileSync(file, idx(IDX_IMAGES_MAGIC, [10, 28, 28], Array(100).fill(1)));
  expectFormatError(t, () => readIdxFile(file, IDX_IMAGES_MAGIC), file, /truncated: header says \[10, 28, 28\] = 7840 bytes of data, file has 100/);
  const header = path.join(tmp, 'header-only');
  fs.writeFileSync(header, Buffer.from([0, 0, 8]));
  expectFormatError(t, () => readIdxFile(header, IDX_IMAGES_MAGIC), header, /truncated/);
});

test('a wrong magic number is a clear error', (t) => {
  const file = path.join(tmp, 'labels-as-images');
  fs.writeFileSync(file, idx(IDX_LABELS_MAGIC, [3], [1, 2, 3]));
  expectFormatError(t, () => readIdxFile(file, IDX_IMAGES_MAGIC), file, /wrong magic number 2049.*expected 2051/);
});

test('image and label counts that differ are a clear error', async (t) => {
  const dir = path.join(tmp, 'count-mismatch');
  tinyMnist(dir, { trainLabels: [0, 1] });
  const err = await t.throwsAsync(new MnistLoader().load({ dataDir: dir }), { instanceOf: DatasetFormatError });
  t.regex(err?.message ?? '', /train-labels-idx1-ubyte: 2 labels for 3 images/);
});

test('a label outside 0..9 is a clear error', async (t) => {
  const dir = path.join(tmp, 'bad-label');
  tinyMnist(dir, { trainLabels: [0, 12, 3] });
  const err = await t.throwsAsync(new MnistLoader().load({ dataDir: dir }), { instanceOf: DatasetFormatError });
  t.regex(err?.message ?? '', /train-labels-idx1-ubyte: label 12 at index 1 is outside 0\.\.9/);
});

test('a missing file and a corrupt gzip stream are clear errors', async (t) => {
  const missing = await t.throwsAsync(new MnistLoader().load({ dataDir: path.join(tmp, 'nowhere') }), { instanceOf: DatasetFormatError });
  t.regex(missing?.message ?? '', /nowhere\/train-images-idx3-ubyte: missing/);
  const file = path.join(tmp, 'corrupt.gz');
  fs.writeFileSync(file, Buffer.concat([zlib.gzipSync(Buffer.alloc(1000)).subarray(0, 20)]));
  expectFormatError(t, () => readIdxFile(file, IDX_IMAGES_MAGIC), file, /corrupt gzip data/);
});
