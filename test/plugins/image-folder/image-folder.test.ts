import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import sharp from 'sharp';
import { ImageFolderLoader } from '../../../plugins/image-folder/image-folder-loader';
import type { ImageSet } from '../../../src/core/contracts';
import { allValues, dims, imageValues, pixelAt } from '../../helpers/image-sets';
import { ConfigError, DatasetFormatError } from '../../../src/core/errors';
import { ProgressLine } from '../../../src/data/progress';
import { encodeDigit, mnistSlice, tempDir, writeMnistFolder } from '../../helpers/own-data';

const loader = new ImageFolderLoader();
const digits = mnistSlice('train', 60);
const quiet = { progress: false };

function put(root: string, rel: string, data: Buffer | string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return file;
}

/** Mean absolute difference, in [0, 1] units, between loaded image `row` and MNIST image `i`. */
function distance(images: ImageSet, row: number, i: number): number {
  const got = imageValues(images, row);
  let sum = 0;
  for (let j = 0; j < 784; j++) sum += Math.abs(got[j] - digits.pixels[i * 784 + j] / 255);
  return sum / 784;
}

test('PNG, JPEG and WebP of mixed sizes are resized to the target shape', async (t) => {
  const root = tempDir('if-mixed');
  // One file per format and size, same digit content: 28 px PNG, 56 px JPEG, 42 px WebP.
  put(root, 'train/a/0.png', await encodeDigit(digits, 0, 'png'));
  put(root, 'train/a/1.jpg', await encodeDigit(digits, 1, 'jpeg', 56));
  put(root, 'train/b/2.webp', await encodeDigit(digits, 2, 'webp', 42));
  put(root, 'train/b/3.png', await encodeDigit(digits, 3, 'png', 100));
  put(root, 'train/b/notes.txt', 'not an image, ignored');
  put(root, 'test/a/4.png', await encodeDigit(digits, 4, 'png'));
  const d = await loader.load({ root, shape: '28x28x1', fit: 'fill', cache: false, ...quiet });
  t.deepEqual(dims(d.trainImages), [4, 28, 28, 1]);
  t.deepEqual(Array.from(d.trainLabels), [0, 0, 1, 1]);
  t.true(distance(d.trainImages, 0, 0) < 1e-6, 'a PNG at the target size is unchanged');
  for (const [row, i] of [[1, 1], [2, 2], [3, 3]]) t.true(distance(d.trainImages, row, i) < 0.05, `image ${i} resized close to the original`);
  t.true(distance(d.testImages, 0, 4) < 1e-6);
});

test('class order is the sorted folder names, stable across loads', async (t) => {
  const root = tempDir('if-order');
  const names = ['b', 'a', 'C', '10', '9'];
  for (const [k, name] of names.entries()) put(root, `train/${name}/x.png`, await encodeDigit(digits, k, 'png'));
  put(root, 'train/.hidden/x.png', await encodeDigit(digits, 9, 'png'));
  const first = await loader.load({ root, cache: false, testFraction: 0.01, ...quiet });
  const second = await loader.load({ root, cache: false, testFraction: 0.01, ...quiet });
  t.deepEqual(first.classNames, ['10', '9', 'C', 'a', 'b']);
  t.deepEqual(second.classNames, first.classNames);
  // Folder '10' holds digit 3's image and sorts first.
  t.true(distance(first.trainImages, 0, 3) < 1e-6);
  t.deepEqual(Array.from(first.trainLabels), [0, 1, 2, 3, 4]);
});

test('the default shape comes from the first image; colour images load as RGB in [-1, 1]', async (t) => {
  const root = tempDir('if-colour');
  const red = await sharp({ create: { width: 6, height: 4, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const blue = await sharp({ create: { width: 12, height: 8, channels: 4, background: '#0000ff80' } }).png().toBuffer();
  put(root, 'train/red/r.png', red);
  put(root, 'train/blue/b.png', blue);
  put(root, 'unlabeled/any/u.png', red);
  put(root, 'test/red/r.png', red);
  const d = await loader.load({ root, cache: false, ...quiet });
  // 'blue' sorts first, so its 12x8 image sets the shape.
  t.deepEqual(dims(d.trainImages), [2, 8, 12, 3]);
  t.deepEqual(d.scaling, { offset: 127.5, scale: 127.5 });
  t.deepEqual(dims(d.unlabeledImages), [1, 8, 12, 3]);
  const [blueFirst, redSecond] = [pixelAt(d.trainImages, 0, 0, 0, 3), pixelAt(d.trainImages, 1, 0, 0, 3)];
  t.deepEqual(Array.from(redSecond), [1, -1, -1]);
  // Half-transparent blue is flattened onto black.
  t.true(blueFirst[2] > -0.1 && blueFirst[2] < 0.1 && blueFirst[0] === -1);
});

test('a corrupt image is an error naming it, or skipped and counted with skipBadImages', async (t) => {
  const root = tempDir('if-corrupt');
  await writeMnistFolder(root, 'train', mnistSlice('train', 30));
  const bad = put(root, 'train/3/zz-corrupt.png', (await encodeDigit(digits, 0, 'png')).subarray(0, 40));
  put(root, 'train/5/zz-empty.jpg', '');
  const err = await t.throwsAsync(loader.load({ root, ...quiet }), { instanceOf: DatasetFormatError });
  t.regex(err?.message ?? '', /zz-(corrupt\.png|empty\.jpg): cannot decode image \(/);
  const d = await loader.load({ root, skipBadImages: true, ...quiet });
  t.is(d.trainImages.count + d.testImages.count, 30);
  t.deepEqual(d.skippedFiles, [bad, path.join(root, 'train/5/zz-empty.jpg')]);
  // The cached result remembers what was skipped.
  const again = await loader.load({ root, skipBadImages: true, ...quiet });
  t.is(again.skippedFiles?.length, 2);
});

test('the decoded cache gives the same tensors and is rebuilt when a file changes', async (t) => {
  const root = tempDir('if-cache');
  await writeMnistFolder(root, 'train', mnistSlice('train', 40));
  const cacheDir = path.join(root, 'my-cache');
  const first = await loader.load({ root, cacheDir, ...quiet });
  t.is(fs.readdirSync(cacheDir).length, 1);
  const second = await loader.load({ root, cacheDir, ...quiet });
  t.deepEqual(allValues(second.trainImages), allValues(first.trainImages));
  t.deepEqual(Array.from(second.testLabels), Array.from(first.testLabels));
  // A different file content (and so size) makes a new cache entry.
  fs.writeFileSync(path.join(root, 'train/0/00001.png'), await encodeDigit(digits, 7, 'png'));
  const third = await loader.load({ root, cacheDir, ...quiet });
  t.is(fs.readdirSync(cacheDir).length, 2);
  t.notDeepEqual(allValues(third.trainImages), allValues(first.trainImages));
  // A damaged cache file is ignored and rewritten.
  for (const f of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, f), 'garbage');
  const fourth = await loader.load({ root, cacheDir, ...quiet });
  t.deepEqual(allValues(fourth.trainImages), allValues(third.trainImages));
});

test('layout mistakes get clear messages', async (t) => {
  const root = tempDir('if-layout');
  const e1 = await t.throwsAsync(loader.load({ root, ...quiet }), { instanceOf: DatasetFormatError });
  t.is(e1?.message, `${path.join(root, 'train')}: missing: an image-folder dataset keeps its training images in train/<class>/`);
  put(root, 'train/cat/1.png', await encodeDigit(digits, 0, 'png'));
  put(root, 'train/dog/1.png', await encodeDigit(digits, 1, 'png'));
  put(root, 'test/cow/1.png', await encodeDigit(digits, 2, 'png'));
  const e2 = await t.throwsAsync(loader.load({ root, ...quiet }), { instanceOf: DatasetFormatError });
  t.regex(e2?.message ?? '', /test: class folder\(s\) cow have no counterpart in train\/ \(cat, dog\)/);
  const e3 = await t.throwsAsync(loader.load({ root, fit: 'stretch' }), { instanceOf: ConfigError });
  t.is(e3?.message, 'image-folder: option \'fit\' must be one of cover, contain, fill, got "stretch"');
  const e4 = await t.throwsAsync(loader.load({}), { instanceOf: ConfigError });
  t.regex(e4?.message ?? '', /option 'root' is required/);
});

test('the progress line prints the start and every tenth on a non-terminal', (t) => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const progress = new ProgressLine('image-folder train', 50, 'items', stream);
  for (let i = 1; i <= 50; i++) progress.update(i);
  progress.done(' (1 skipped)');
  t.deepEqual(lines.slice(0, 2), ['image-folder train: 1/50 (2%)\n', 'image-folder train: 5/50 (10%)\n']);
  t.deepEqual(lines.slice(10), ['image-folder train: 50/50 (100%)\n', 'image-folder train: (1 skipped)\n']);
});
