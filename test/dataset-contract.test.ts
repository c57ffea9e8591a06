/**
 * The dataset contract at the boundary: each way a plugin's loader can hand over bad data is one
 * line naming the plugin, the dataset and the field, exit status 1, before any tensor exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import test, { type ExecutionContext } from 'ava';
import { main } from '../src/cli/main';
import { assembleDataset } from '../src/data/assemble';
import { tempDir } from './helpers/own-data';

/** `ssgan args` in this process: its exit status and the last line it wrote to stderr. */
async function run(args: string[]): Promise<{ code: number; lastError: string }> {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, lastError: written.join('').trim().split('\n').pop() ?? '' };
  } finally {
    process.stderr.write = write;
  }
}

/** A JavaScript plugin whose loader returns assembleDataset of 8x8 images in 3 classes, `input` overriding the good fields. */
function plugin(name: string, input: string): string {
  return `const { assembleDataset, definePlugin, recipe } = require('ssgan/plugin');

/** \`count\` 8x8 images of \`classes\` classes: class k lights pixel k. */
function set(count, classes) {
  const pixels = new Uint8Array(count * 64);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % classes;
    pixels[i * 64 + labels[i]] = 255;
  }
  return { pixels, labels, count };
}

module.exports = definePlugin({
  datasets: [{
    name: '${name}',
    description: 'a dataset with one fault',
    async load() {
      const data = { name: '${name}', shape: [8, 8, 1], classNames: ['a', 'b', 'c'], scaling: 'unit', train: set(30, 3), test: set(12, 3), sources: ['generated'], ${input} };
      return assembleDataset(data);
    },
  }],
  presets: [{ name: '${name}-fm', description: 'd', config: recipe({ preset: '${name}-fm', dataset: '${name}', model: 'auto', labels: 6, epochs: 1, learningRate: 0.003 }) }],
});
`;
}

const CASES: [name: string, input: string, message: string][] = [
  ['no-test', 'test: undefined',
    "plugin no-test: dataset 'no-test': field 'test' is missing: give test images, or testFraction (a share of every class of train to hold out)"],
  ['label-range', 'train: { ...set(30, 3), labels: Int32Array.from({ length: 30 }, (_, i) => (i === 7 ? -1 : i % 3)) }',
    "plugin label-range: dataset 'label-range': field 'train.labels' holds -1 (image 7), outside the class indices 0..2 of the 3 classNames"],
  ['short-pixels', 'test: { ...set(12, 3), pixels: new Uint8Array(100) }',
    "plugin short-pixels: dataset 'short-pixels': field 'test.pixels' has 100 values; 12 images of 8x8x1 need 768"],
  ['few-names', "classNames: ['a', 'b']",
    "plugin few-names: dataset 'few-names': field 'train.labels' holds 2 (image 2), outside the class indices 0..1 of the 2 classNames"],
  ['many-names', "classNames: ['a', 'b', 'c', 'd']",
    "plugin many-names: dataset 'many-names': field 'classNames' lists 4 classes, but train has no image of class 3 ('d')"],
  ['bad-shape', 'shape: [8, 8, 2]',
    "plugin bad-shape: dataset 'bad-shape': field 'shape' must be [height, width, channels] of positive integers with 1 or 3 channels, got [8,8,2]"],
  ['bad-scaling', "scaling: 'units'",
    "plugin bad-scaling: dataset 'bad-scaling': field 'scaling' must be 'unit' ([0, 1]) or 'symmetric' ([-1, 1]), got \"units\""],
];

/** Writes one plugin a case with `source`, runs each case's dataset, and expects exit 1 with the case's message. */
async function expectEachFault(t: ExecutionContext, cases: [string, string, string][], source: (name: string, fields: string) => string): Promise<void> {
  const root = tempDir('contract');
  for (const [name, fields] of cases) {
    fs.mkdirSync(path.join(root, name));
    fs.writeFileSync(path.join(root, name, 'index.js'), source(name, fields));
  }
  const reports = tempDir('contract-runs');
  for (const [name, , message] of cases) {
    const result = await run(['run', '--plugins', root, '--dataset', name, '--epochs', '1', '--iterations-per-epoch', '2', '--reports', reports, '--backend', 'cpu']);
    t.is(result.code, 1, name);
    t.is(result.lastError, `ssgan run: ${message}`);
  }
}

test.serial('each malformed plugin dataset is one line naming the plugin, the dataset and the field, and exit status 1', (t) => expectEachFault(t, CASES, plugin));

test('assembleDataset without test images holds out testFraction of every class, seeded', (t) => {
  const count = 30;
  const train = { pixels: new Uint8Array(count * 4), labels: Int32Array.from({ length: count }, (_, i) => i % 3), count };
  const split = (splitSeed: number) =>
    tf.tidy(() => {
      const d = assembleDataset({ name: 'fraction', shape: [2, 2, 1], classNames: ['a', 'b', 'c'], scaling: 'unit', train, testFraction: 0.2, splitSeed, sources: [] });
      return { train: [...d.trainLabels], test: [...d.testLabels] };
    }) as unknown as { train: number[]; test: number[] };
  const { train: kept, test: held } = split(1);
  t.is(kept.length, 24);
  t.deepEqual([...held].sort(), [0, 0, 1, 1, 2, 2], '2 of the 10 images of each class');
  t.deepEqual(split(1), { train: kept, test: held });
  t.throws(() => assembleDataset({ name: 'fraction', shape: [2, 2, 1], classNames: ['a', 'b', 'c'], scaling: 'unit', train, testFraction: 1.5, sources: [] }), {
    message: "dataset 'fraction': field 'testFraction' must be a number between 0 and 1, got 1.5",
  });
});

/** A JavaScript plugin whose loader builds its Dataset itself with hostImageSet, `fields` overriding the good ones. */
function handBuiltPlugin(name: string, fields: string): string {
  return `const { definePlugin, hostImageSet, recipe } = require('ssgan/plugin');

const scaling = { offset: 0, scale: 255 };
const images = (count, shape = [8, 8, 1]) => hostImageSet(new Uint8Array(count * shape[0] * shape[1] * shape[2]), count, shape, scaling);
const labels = (count) => Int32Array.from({ length: count }, (_, i) => i % 3);

module.exports = definePlugin({
  datasets: [{
    name: '${name}',
    description: 'a hand-built dataset with one fault',
    async load() {
      return { name: '${name}', trainImages: images(30), trainLabels: labels(30), testImages: images(12), testLabels: labels(12), classNames: ['a', 'b', 'c'], scaling, sources: ['generated'], ${fields} };
    },
  }],
  presets: [{ name: '${name}-fm', description: 'd', config: recipe({ preset: '${name}-fm', dataset: '${name}', model: 'auto', labels: 6, epochs: 1, learningRate: 0.003 }) }],
});
`;
}

const HAND_BUILT: [name: string, fields: string, message: string][] = [
  ['no-test-set', 'testImages: undefined',
    "plugin no-test-set: dataset 'no-test-set': field 'testImages' must be an ImageSet (hostImageSet from ssgan/plugin, or assembleDataset's), got undefined"],
  ['label-count', 'trainLabels: labels(29)',
    "plugin label-count: dataset 'label-count': field 'trainLabels' has 29 labels for 30 images"],
  ['test-label', 'testLabels: Int32Array.from({ length: 12 }, (_, i) => (i === 5 ? 3 : 0))',
    "plugin test-label: dataset 'test-label': field 'testLabels' holds 3 (image 5), outside the class indices 0..2 of the 3 classNames"],
  ['other-shape', 'unlabeledImages: images(4, [16, 16, 1])',
    "plugin other-shape: dataset 'other-shape': field 'unlabeledImages.shape' is 16x16x1, but the training images are 8x8x1"],
  ['zero-scale', 'scaling: { offset: 0, scale: 0 }',
    "plugin zero-scale: dataset 'zero-scale': field 'scaling' must be { offset, scale } with inputs (p - offset) / scale and scale > 0, got {\"offset\":0,\"scale\":0}"],
];

test.serial('a Dataset a loader builds itself is checked too, once it is returned', (t) => expectEachFault(t, HAND_BUILT, handBuiltPlugin));
