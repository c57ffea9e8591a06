import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { CsvLoader } from '../../../plugins/csv/csv-loader';
import type { ImageSet } from '../../../src/core/contracts';
import { allValues, dims, imageValues } from '../../helpers/image-sets';
import { ConfigError, DatasetFormatError } from '../../../src/core/errors';
import { mnistSlice, tempDir, writeMnistCsv } from '../../helpers/own-data';

const dir = tempDir('csv');
const train = mnistSlice('train', 300);
const loader = new CsvLoader();

/** The MNIST bytes of image i, scaled to [0, 1] as the loader scales grayscale data. */
function expectedImage(i: number): Float32Array {
  return Float32Array.from(train.pixels.subarray(i * 784, (i + 1) * 784), (p) => p / 255);
}

function sameImage(images: ImageSet, row: number, i: number): boolean {
  const got = imageValues(images, row);
  return expectedImage(i).every((v, j) => Math.abs(v - got[j]) < 1e-6);
}

function writeText(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('the Kaggle layout loads with no options but the files', async (t) => {
  const trainFile = path.join(dir, 'kaggle-train.csv');
  const testFile = path.join(dir, 'kaggle-test.csv');
  const unlabeledFile = path.join(dir, 'kaggle-unlabeled.csv');
  await writeMnistCsv(trainFile, train, { header: true });
  await writeMnistCsv(testFile, mnistSlice('t10k', 50), { header: true });
  await writeMnistCsv(unlabeledFile, mnistSlice('t10k', 40), { header: true, withoutLabels: true });
  const d = await loader.load({ train: trainFile, test: testFile, unlabeled: unlabeledFile, progress: false });
  t.deepEqual(dims(d.trainImages), [300, 28, 28, 1]);
  t.deepEqual(dims(d.testImages), [50, 28, 28, 1]);
  t.deepEqual(dims(d.unlabeledImages), [40, 28, 28, 1]);
  t.deepEqual(d.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  t.deepEqual(Array.from(d.trainLabels), Array.from(train.labels));
  t.deepEqual(d.scaling, { offset: 0, scale: 255 });
  t.true(sameImage(d.trainImages, 0, 0));
  t.true(sameImage(d.trainImages, 299, 299));
  t.is(d.name, 'kaggle-train');
  t.deepEqual(d.sources, [trainFile, testFile, unlabeledFile]);
});

test('without a test file, a seeded stratified fraction is held out', async (t) => {
  const file = path.join(dir, 'split.csv');
  await writeMnistCsv(file, train, { header: true });
  const a = await loader.load({ train: file, testFraction: 0.2, splitSeed: 7, progress: false });
  const b = await loader.load({ train: file, testFraction: 0.2, splitSeed: 7, progress: false });
  t.is(a.trainImages.count + a.testImages.count, 300);
  t.true(Math.abs(a.testImages.count - 60) <= 5);
  t.deepEqual(Array.from(a.testLabels), Array.from(b.testLabels));
  t.deepEqual(new Set(a.testLabels).size, 10);
});

test('a headerless file with the label last', async (t) => {
  const file = path.join(dir, 'label-last.csv');
  await writeMnistCsv(file, train, { header: false, labelLast: true });
  const d = await loader.load({ train: file, label: -1, shape: '28x28x1', testFraction: 0.1, progress: false });
  t.is(d.trainImages.count + d.testImages.count, 300);
  // Image 0 stays in the training part with split seed 1.
  t.is(d.trainLabels[0], train.labels[0]);
  t.true(sameImage(d.trainImages, 0, 0));
});

test('text labels, a non-square colour shape in planar order, and class names', async (t) => {
  // Two 1x2 RGB images, planar: R R G G B B.
  const file = writeText('planar.csv', 'kind,a,b,c,d,e,f\ncat,255,0,0,255,0,0\ndog,0,0,0,0,255,255\n');
  const testFile = writeText('planar-test.csv', 'kind,a,b,c,d,e,f\ndog,0,0,0,0,0,0\n');
  const d = await loader.load({ train: file, test: testFile, label: 'kind', shape: '1x2x3', channelOrder: 'chw', classNames: ['Cat', 'Dog'], progress: false });
  t.deepEqual(d.classNames, ['Cat', 'Dog']);
  t.deepEqual(Array.from(d.trainLabels), [0, 1]);
  t.deepEqual(d.scaling, { offset: 127.5, scale: 127.5 });
  // Pixel 0 of image 0 is pure red, pixel 1 pure green; image 1 is blue.
  t.deepEqual(allValues(d.trainImages), [1, -1, -1, -1, 1, -1, -1, -1, 1, -1, -1, 1]);
});

test('a bad cell is reported with file, line and column', async (t) => {
  const file = writeText('bad-cell.csv', 'label,p0,p1,p2,p3\n1,0,0,0,0\n2,0,7x,0,0\n');
  const err = await t.throwsAsync(loader.load({ train: file, progress: false }), { instanceOf: DatasetFormatError });
  t.is(err?.message, `${file}: line 3: column 3 (p1): pixel value "7x" is not a number`);
});

test('a pixel out of range is reported', async (t) => {
  const file = writeText('range.csv', '1,0,0,0,300\n');
  const err = await t.throwsAsync(loader.load({ train: file, progress: false }), { instanceOf: DatasetFormatError });
  t.regex(err?.message ?? '', /range\.csv: line 1: column 5: pixel value "300" is outside 0\.\.255/);
});

test('a row of the wrong length is reported with its line', async (t) => {
  const file = writeText('short-row.csv', 'label,p0,p1,p2,p3\n1,0,0,0,0\n\n2,0,0,0\n');
  const err = await t.throwsAsync(loader.load({ train: file, progress: false }), { instanceOf: DatasetFormatError });
  t.is(err?.message, `${file}: line 4: 4 cells, expected 5 like line 2`);
});

test('an empty file and a header without rows are reported', async (t) => {
  const empty = writeText('empty.csv', '');
  const e1 = await t.throwsAsync(loader.load({ train: empty, progress: false }), { instanceOf: DatasetFormatError });
  t.is(e1?.message, `${empty}: is empty: no rows`);
  const headerOnly = writeText('header-only.csv', 'label,pixel0\n');
  const e2 = await t.throwsAsync(loader.load({ train: headerOnly, progress: false }), { instanceOf: DatasetFormatError });
  t.is(e2?.message, `${headerOnly}: has a header row but no data rows`);
});

test('a missing file, a misspelt option and an unguessable shape are reported', async (t) => {
  const missing = path.join(dir, 'nope.csv');
  const e1 = await t.throwsAsync(loader.load({ train: missing }), { instanceOf: DatasetFormatError });
  t.is(e1?.message, `${missing}: cannot read file (ENOENT)`);
  const e2 = await t.throwsAsync(loader.load({ trian: 'x.csv' }), { instanceOf: ConfigError });
  t.regex(e2?.message ?? '', /^csv: option 'trian' is not an option \(did you mean 'train'\?\)/);
  const odd = writeText('odd.csv', '1,0,0,0,0,0\n2,0,0,0,0,0\n');
  const e3 = await t.throwsAsync(loader.load({ train: odd, progress: false }), { instanceOf: ConfigError });
  t.regex(e3?.message ?? '', /from its 5 pixel columns; set the option 'shape'/);
  const e4 = await t.throwsAsync(loader.load({ train: odd, shape: '28*28' }), { instanceOf: ConfigError });
  t.regex(e4?.message ?? '', /option 'shape' must be HxWxC/);
});

test("a labeled file without a label column points at the 'unlabeled' option", async (t) => {
  const file = path.join(dir, 'no-labels.csv');
  await writeMnistCsv(file, mnistSlice('t10k', 3), { header: true, withoutLabels: true });
  const err = await t.throwsAsync(loader.load({ train: file, progress: false }), { instanceOf: DatasetFormatError });
  t.regex(err?.message ?? '', /line 1: the header has no 'label' column.*option 'unlabeled'/);
});
