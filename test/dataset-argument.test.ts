/**
 * `ssgan run --dataset` with no descriptor: an image folder, a CSV file, or a plugin's dataset that
 * has no preset, each trained with the default recipe and the 'auto' model; and the one-line
 * errors for a missing path, a file no format reads and a name no plugin provides.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { createRegistry } from '../src/core/container';
import { discoverPlugins } from '../src/core/plugins';
import { datasetArgument } from '../src/data/dataset-argument';
import { ssgan } from './helpers/cli';
import { encodeDigit, mnistSlice, tempDir, writeMnistCsv, writeMnistFolder } from './helpers/own-data';

const registry = createRegistry(discoverPlugins([path.resolve(__dirname, '../plugins')]).plugins.map((p) => p.module));
const TINY = ['--labels', '10', '--epochs', '1', '--iterations-per-epoch', '2', '--batch-size', '10', '--backend', 'wasm', '--jobs', '1'];
const AVAILABLE = 'datasets: cifar10, mnist, shapes, svhn; or a path: FILE.csv (csv), FOLDER (image-folder), FILE.json (a descriptor)';

function readRun(reports: string, runId: string) {
  const dir = path.join(reports, runId);
  return {
    config: JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).config,
    state: JSON.parse(fs.readFileSync(path.join(dir, 'status.json'), 'utf8')).state,
    metrics: fs.readFileSync(path.join(dir, 'seed-1', 'metrics.csv'), 'utf8').trim().split('\n'),
  };
}

test('a missing path, a file no format reads, a format name and an unknown name each get one line naming it', (t) => {
  const dir = tempDir('dataset-arg');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
  const message = (value: string) => t.throws(() => datasetArgument(value, registry))?.message;
  t.is(message(path.join(dir, 'nope.csv')), `--dataset ${path.join(dir, 'nope.csv')}: no such file or folder; ${AVAILABLE}`);
  t.is(message(path.join(dir, 'notes.txt')), `--dataset ${path.join(dir, 'notes.txt')}: no format reads a .txt file as is; ${AVAILABLE}`);
  t.is(message('shapez'), `--dataset shapez: no loaded plugin provides a dataset 'shapez' (did you mean 'shapes'?); ${AVAILABLE}`);
  t.regex(message('csv')!, /^--dataset csv: 'csv' is a format, which reads a path: give the path itself \(FILE\.csv \(csv\), FOLDER \(image-folder\)/);
  t.regex(message(path.join(dir, 'x.json'))!, /x\.json: cannot read the dataset descriptor \(ENOENT\)/);
  t.is(datasetArgument('mnist', registry), undefined, 'a dataset with a preset of its own runs by its preset');
  t.deepEqual(datasetArgument(dir, registry)?.options, { root: dir, name: path.basename(dir) });
});

test('--dataset ./folder trains an image folder with the recipe and model a descriptor gets, and says so', async (t) => {
  const cwd = tempDir('dataset-folder');
  const root = path.join(cwd, 'digits');
  await writeMnistFolder(root, 'train', mnistSlice('train', 60));
  // A larger image and a file that is not one: both pass with a notice now.
  fs.writeFileSync(path.join(root, 'train', '3', 'big.png'), await encodeDigit(mnistSlice('t10k', 1), 0, 'png', 56));
  fs.writeFileSync(path.join(root, 'train', '3', 'notes.txt'), 'not an image');
  const r = ssgan(['run', '--dataset', './digits', '--reports', 'reports', '--run-id', 'folder', ...TINY], cwd);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /^dataset digits \(image-folder digits, no preset of its own\): recipe of mnist-fm, model auto \(.*mnist-dense for grayscale images.*\)$/m);
  t.regex(r.stderr, /^notice: image-folder: 1 file in .*digits skipped as not \.png\/\.jpg\/\.jpeg\/\.webp images \(train\/3\/notes\.txt\)$/m);
  t.regex(r.stderr, /^notice: image-folder: the 61 images in .*digits come in 2 sizes \(60 at 28x28, 1 at 56x56\); all were resized to 28x28 \(fit: cover\)$/m);
  t.regex(r.stdout, /^test error: [\d.]+% with averaged weights, [\d.]+% raw \(1 seed, 1 epoch\)$/m);
  const run = readRun(path.join(cwd, 'reports'), 'folder');
  t.is(run.state, 'complete');
  t.is(run.config.dataset, 'image-folder');
  t.is(run.config.datasetOptions.root, root);
  t.is(run.config.model, 'auto');
  t.is(run.config.preset, 'digits');
  t.is(run.metrics.length, 2, 'a header and one epoch');
});

test('--dataset ./file.csv trains a CSV file without a descriptor', async (t) => {
  const cwd = tempDir('dataset-csv');
  await writeMnistCsv(path.join(cwd, 'kaggle digits.csv'), mnistSlice('train', 80));
  const r = ssgan(['run', '--dataset', './kaggle digits.csv', '--reports', 'reports', '--run-id', 'csv', ...TINY], cwd);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /^dataset kaggle-digits \(csv kaggle digits\.csv, no preset of its own\): recipe of mnist-fm, model auto/m);
  const run = readRun(path.join(cwd, 'reports'), 'csv');
  t.is(run.state, 'complete');
  t.deepEqual([run.config.dataset, run.config.datasetOptions.train, run.config.datasetOptions.name], ['csv', path.join(cwd, 'kaggle digits.csv'), 'kaggle-digits']);
});

/** A plugin outside ssgan's folder with a dataset (8x8 stripes, two classes) and no preset. */
const STRIPES_PLUGIN = `
module.exports = (ssgan) => new ssgan.ContainerModule(({ bind }) => {
  const set = (count, offset) => {
    const pixels = new Uint8Array(count * 64);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = i % 2;
      for (let k = 0; k < 8; k++) pixels[i * 64 + (labels[i] ? k * 8 + ((i + offset) % 8) : ((i + offset) % 8) * 8 + k)] = 255;
    }
    return { pixels, labels, count };
  };
  bind(ssgan.TOKENS.DatasetLoader).toConstantValue({
    name: 'stripes',
    description: 'horizontal or vertical stripes',
    async load() {
      return ssgan.assembleDataset({
        name: 'stripes', shape: [8, 8, 1], classNames: ['horizontal', 'vertical'], scaling: 'unit',
        train: set(100, 0), test: set(20, 3), sources: ['generated'],
      });
    },
  });
});
`;

test('--dataset NAME runs a plugin dataset that has no preset', (t) => {
  const plugins = tempDir('dataset-plugin');
  fs.mkdirSync(path.join(plugins, 'stripes'));
  fs.writeFileSync(path.join(plugins, 'stripes', 'index.js'), STRIPES_PLUGIN);
  const reports = tempDir('dataset-plugin-reports');
  const r = ssgan(['run', '--plugins', plugins, '--dataset', 'stripes', '--reports', reports, '--run-id', 'stripes', ...TINY]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stderr, /^dataset stripes \(its plugin, no preset of its own\): recipe of mnist-fm, model auto/m);
  const run = readRun(reports, 'stripes');
  t.is(run.state, 'complete');
  t.deepEqual([run.config.dataset, run.config.model, run.config.labels], ['stripes', 'auto', 10]);
  const unknown = ssgan(['run', '--plugins', plugins, '--dataset', 'stripe', '--reports', reports]);
  t.is(unknown.status, 1);
  t.regex(unknown.stderr, /^ssgan run: --dataset stripe: no loaded plugin provides a dataset 'stripe' \(did you mean 'stripes'\?\); datasets: cifar10, mnist, shapes, stripes, svhn; /);
});
