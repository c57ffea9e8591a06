/**
 * A loaded dataset costs about one byte per pixel value of host memory, and no tensor: measured as
 * the growth of the process's ArrayBuffer memory across a load, after garbage collection. Images
 * held as float32 (as they were) would cost four times that and fail every bound here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { writeCifar, writeSvhn } from '../bench/write-synthetic-data';
import { Cifar10Loader } from '../plugins/cifar10/cifar10-loader';
import { MnistLoader } from '../plugins/mnist/mnist-loader';
import { SvhnLoader } from '../plugins/svhn/svhn-loader';
import type { Dataset } from '../src/core/contracts';
import { Rng } from '../src/engine/random';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Full collections until ArrayBuffer memory settles (V8 frees backing stores on a background thread). */
async function collectGarbage(): Promise<void> {
  let last = Infinity;
  for (let round = 0; round < 10; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = process.memoryUsage().arrayBuffers;
    if (now >= last) return;
    last = now;
  }
}

/** Host bytes a loaded dataset holds, after collecting the loader's garbage. */
async function loadedBytes(load: () => Promise<Dataset>): Promise<{ dataset: Dataset; bytes: number; tensors: number }> {
  await collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  const tensorsBefore = tf.memory().numTensors;
  const dataset = await load();
  await collectGarbage();
  return { dataset, bytes: process.memoryUsage().arrayBuffers - before, tensors: tf.memory().numTensors - tensorsBefore };
}

/** Pixel values of every image set of `dataset`: what uint8 storage costs. */
function pixelValues(dataset: Dataset): number {
  const sets = [dataset.trainImages, dataset.testImages, ...(dataset.unlabeledImages ? [dataset.unlabeledImages] : [])];
  return sets.reduce((sum, s) => sum + s.count * s.shape[0] * s.shape[1] * s.shape[2], 0);
}

const MB = 2 ** 20;
const report = (bytes: number, pixels: number) => `${(bytes / MB).toFixed(1)} MB held for ${(pixels / MB).toFixed(1)} M pixel values`;

test.serial('MNIST (70,000 images of 28x28) costs about one byte per pixel value and makes no tensor', async (t) => {
  const { dataset, bytes, tensors } = await loadedBytes(() => new MnistLoader().load({}));
  const pixels = pixelValues(dataset);
  t.is(pixels, 70000 * 784);
  t.is(tensors, 0);
  // Labels (4 bytes each, 0.5% of the pixels) and the files' headers are the rest.
  t.log(report(bytes, pixels));
  t.true(bytes > 0.95 * pixels && bytes < 1.15 * pixels, report(bytes, pixels));
});

test.serial('CIFAR-10 files in the official format cost about one byte per pixel value', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-memory-cifar-'));
  writeCifar(dir, 5000, 1000, new Rng(1));
  const { dataset, bytes, tensors } = await loadedBytes(() => new Cifar10Loader().load({ dataDir: dir }));
  const pixels = pixelValues(dataset);
  t.is(pixels, 6000 * 3072);
  t.is(tensors, 0);
  t.log(report(bytes, pixels));
  t.true(bytes > 0.95 * pixels && bytes < 1.15 * pixels, report(bytes, pixels));
  fs.rmSync(dir, { recursive: true, force: true });
});

test.serial('SVHN with extra loads, extra as unlabeled images, at about one byte per pixel value', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-memory-svhn-'));
  writeSvhn(dir, 1000, 500, new Rng(2), 6000);
  const { dataset, bytes, tensors } = await loadedBytes(() => new SvhnLoader().load({ dataDir: dir, extra: true }));
  t.deepEqual([dataset.trainImages.count, dataset.testImages.count, dataset.unlabeledImages?.count], [1000, 500, 6000]);
  const pixels = pixelValues(dataset);
  t.is(tensors, 0);
  t.log(report(bytes, pixels));
  t.true(bytes > 0.95 * pixels && bytes < 1.15 * pixels, report(bytes, pixels));
  // The writer's labels run 0..9 in order: the files' images and labels stay paired.
  t.deepEqual(Array.from(dataset.trainLabels.subarray(0, 12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
  fs.rmSync(dir, { recursive: true, force: true });
});
