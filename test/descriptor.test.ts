import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import autoModel from '../plugins/auto-model';
import cifar10 from '../plugins/cifar10';
import csv from '../plugins/csv';
import imageFolder from '../plugins/image-folder';
import mnist from '../plugins/mnist';
import { embeddedMnistDir } from '../plugins/mnist/mnist-loader';
import { createRegistry } from '../src/core/container';
import { ConfigError } from '../src/core/errors';
import { descriptorPreset, isDescriptorPath, loadDescriptorDataset, readDescriptor } from '../src/data/descriptor';
import { mnistSlice, tempDir, writeMnistCsv, writeMnistFolder } from './helpers/own-data';

const registry = createRegistry([csv, imageFolder, mnist, autoModel]);
const dir = tempDir('descriptor');
fs.mkdirSync(path.join(dir, 'data'));
const trainCsv = path.join(dir, 'data', 'train.csv');

test.before(async () => {
  await writeMnistCsv(trainCsv, mnistSlice('train', 100), { header: true });
  await writeMnistFolder(path.join(dir, 'images'), 'train', mnistSlice('train', 40));
});

function descriptor(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function message(file: string): string {
  try {
    readDescriptor(file, registry);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.slice(file.length + 2);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

test('a csv descriptor loads with paths relative to it, and gives a preset', async (t) => {
  const file = descriptor('digits.json', {
    name: 'digits',
    format: 'csv',
    train: 'data/train.csv',
    options: { testFraction: 0.2 },
    training: { labels: 20, epochs: 3 },
  });
  t.true(isDescriptorPath(file));
  const d = readDescriptor(file, registry);
  t.is(d.loader, 'csv');
  t.deepEqual(d.options, { testFraction: 0.2, train: trainCsv, name: 'digits' });
  const dataset = await loadDescriptorDataset(file, registry);
  t.is(dataset.name, 'digits');
  t.is(dataset.trainImages.count + dataset.testImages.count, 100);
  const preset = descriptorPreset(d, registry);
  t.like(preset.config, { preset: 'digits', dataset: 'csv', model: 'auto', labels: 20, epochs: 3, learningRate: 0.003 });
  t.deepEqual(preset.config.datasetOptions, d.options);
});

test('image-folder and idx descriptors dispatch to their loaders', async (t) => {
  const folder = await loadDescriptorDataset(descriptor('folder.json', { format: 'image-folder', root: 'images', options: { progress: false } }), registry);
  t.is(folder.name, 'folder');
  t.deepEqual(folder.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const idx = readDescriptor(descriptor('idx.json', { format: 'idx', dir: embeddedMnistDir() }), registry);
  t.is(idx.loader, 'mnist');
  t.deepEqual(idx.options, { dataDir: embeddedMnistDir() });
});

test('a wrong or missing format gets a clear message; the formats are those the loaded plugins register', (t) => {
  t.is(message(descriptor('no-format.json', { train: 'data/train.csv' })), "field 'format' is missing; one of csv, image-folder, idx");
  t.is(
    message(descriptor('typo.json', { format: 'cvs', train: 'data/train.csv' })),
    "field 'format' is \"cvs\", not a known format (did you mean 'csv'?); formats: csv, image-folder, idx",
  );
  t.is(message(descriptor('number.json', { format: 3 })), "field 'format' is 3, not a known format; formats: csv, image-folder, idx");
  // The cifar10 plugin, which registers cifar-binary, is not loaded here.
  t.is(message(descriptor('cifar.json', { format: 'cifar-binary', dir: 'data' })), "field 'format' is \"cifar-binary\", not a known format; formats: csv, image-folder, idx");
  const withCifar = createRegistry([csv, imageFolder, mnist, autoModel, cifar10]);
  t.is(readDescriptor(descriptor('cifar-loaded.json', { format: 'cifar-binary', dir: 'data' }), withCifar).loader, 'cifar10');
});

test('missing, wrong and misplaced paths get clear messages', (t) => {
  t.is(message(descriptor('no-train.json', { format: 'csv' })), "field 'train' is missing: format csv needs the CSV file of labeled training images");
  t.is(message(descriptor('no-root.json', { format: 'image-folder' })), "field 'root' is missing: format image-folder needs the folder holding train/<class>/");
  t.is(
    message(descriptor('gone.json', { format: 'csv', train: 'data/gone.csv' })),
    `field 'train': ${path.join(dir, 'data', 'gone.csv')} does not exist (the CSV file of labeled training images)`,
  );
  t.is(message(descriptor('file-root.json', { format: 'image-folder', root: 'data/train.csv' })), `field 'root': ${trainCsv} is not a folder`);
  t.is(message(descriptor('path-type.json', { format: 'csv', train: ['a.csv'] })), `field 'train' must be a path (a string), got ["a.csv"]`);
  t.is(message(descriptor('misplaced.json', { format: 'csv', train: 'data/train.csv', root: 'images' })), "field 'root' does not apply to format csv (its paths: train, test, unlabeled)");
});

test('unknown fields, bad JSON and bad sections get clear messages', (t) => {
  t.is(
    message(descriptor('unknown.json', { format: 'csv', train: 'data/train.csv', optoins: {} })),
    "field 'optoins' is not a descriptor field (did you mean 'options'?); fields: name, format, options, training, description, train, test, unlabeled",
  );
  t.regex(message(descriptor('bad.json', '{"format": "csv",')), /^not valid JSON \(/);
  t.is(message(descriptor('array.json', [])), 'must be a JSON object, got []');
  t.is(message(path.join(dir, 'absent.json')), 'cannot read the dataset descriptor (ENOENT)');
  t.is(message(descriptor('options.json', { format: 'csv', train: 'data/train.csv', options: 'x' })), `field 'options' must be an object, got "x"`);
  t.is(message(descriptor('training.json', { format: 'csv', train: 'data/train.csv', training: { labels: -5 } })), "field 'training.labels' must be a positive integer, got -5");
  t.is(message(descriptor('training2.json', { format: 'csv', train: 'data/train.csv', training: { lr: 1 } })), "field 'training.lr' is not known; training takes preset, model, labels, epochs");
  t.is(message(descriptor('name.json', { format: 'csv', train: 'data/train.csv', name: 'my data' })), `field 'name' must be letters, digits, '.', '_' or '-', got "my data"`);
});

test("a loader's option error names the descriptor", async (t) => {
  const file = descriptor('bad-option.json', { format: 'csv', train: 'data/train.csv', options: { shape: '28*28' } });
  const err = await t.throwsAsync(loadDescriptorDataset(file, registry), { instanceOf: ConfigError });
  t.is(err?.message, `${file}: csv: option 'shape' must be HxWxC with C 1 or 3, like "28x28x1" or [32, 32, 3]; got "28*28"`);
});
