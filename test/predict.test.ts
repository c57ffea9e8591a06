/**
 * `ssgan predict` as a user runs it: its probabilities are the runner's own for the same weights,
 * image by image; labelled inputs give a confusion matrix whose totals are the labelled inputs;
 * bad input is a one-line error naming the file; batches leave no tensor behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { InputSource } from '../src/classifier/inputs';
import { predictInputs } from '../src/classifier/predict';
import { PredictionFile } from '../src/classifier/prediction-file';
import { loadRunDiscriminators, runClassifier } from '../src/classifier/run-classifier';
import { loadPlugins } from '../src/cli/setup';
import { selectBackend } from '../src/engine/backend';
import { RunFolder } from '../src/store/run-folder';
import { ssgan } from './helpers/cli';
import { classifierRuns } from './helpers/classifier-runs';
import { mnistSlice, tempDir, writeMnistCsv, writeMnistFolder } from './helpers/own-data';

const COUNT = 300;
const work = tempDir('predict');

/** The error line of a failed command: the last line of stderr, after the backend notice. */
function errorOf(r: { status: number | null; stderr: string }): string {
  const lines = r.stderr.trim().split('\n');
  return lines[lines.length - 1];
}

function rowsOf(file: string): Record<string, string>[] {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

test.serial('predict on a PNG folder gives the runner\'s own test-set probabilities, image by image', async (t) => {
  const reports = await classifierRuns();
  const root = path.join(work, 'png');
  await writeMnistFolder(root, 'digits', mnistSlice('t10k', COUNT));
  // Three images outside any class folder: classified, but left out of the accuracy.
  for (const i of [0, 1, 2]) fs.copyFileSync(path.join(root, 'digits', '7', '00000.png'), path.join(root, 'digits', `loose-${i}.png`));
  const out = path.join(work, 'out', 'predictions.csv');
  const r = ssgan(['predict', '--run', 'mlp', '--reports', reports, '--seed', '1', '--input', path.join(root, 'digits'), '--out', out, '--backend', 'wasm', '--batch-size', '64']);
  t.is(r.status, 0, r.stderr);

  const table = new Float32Array(new Uint8Array(fs.readFileSync(path.join(reports, 'mlp', 'seed-1', 'test-probabilities.f32'))).buffer);
  const rows = rowsOf(out).filter((row) => !row.input.startsWith('loose'));
  t.is(rows.length, COUNT);
  let worst = 0;
  let sameClass = 0;
  for (const row of rows) {
    const index = Number(path.basename(row.input, '.png'));
    const runner = table.subarray(index * 10, index * 10 + 10);
    for (let k = 0; k < 10; k++) worst = Math.max(worst, Math.abs(Number(row[`p_${k}`]) - runner[k]));
    if (Number(row.predicted) === runner.indexOf(Math.max(...runner))) sameClass++;
    const generated = Number(row.generated);
    t.true(generated > 0 && generated < 1);
  }
  t.true(worst < 1e-5, `largest difference from the runner's probabilities: ${worst}`);
  t.is(sameClass, COUNT);

  // The confusion matrix counts the labelled inputs only, in the terminal, the CSV and the page.
  const confusion = fs.readFileSync(path.join(work, 'out', 'confusion.csv'), 'utf8').trim().split('\n').slice(1);
  const total = confusion.reduce((sum, line) => sum + line.split(',').slice(1).reduce((a, b) => a + Number(b), 0), 0);
  t.is(total, COUNT);
  const correct = rows.filter((row) => row.predicted === path.basename(path.dirname(row.input))).length;
  t.regex(r.stdout, new RegExp(`accuracy: ${((100 * correct) / COUNT).toFixed(2)}% \\(${correct} of ${COUNT} labelled inputs\\)`));
  t.regex(r.stdout, /3 inputs without a known class left out/);
  const page = fs.readFileSync(path.join(work, 'out', 'predictions.html'), 'utf8');
  t.regex(page, new RegExp(`data-total="${COUNT}"`));
  t.is((page.match(/<rect /g) ?? []).length, 100);
  t.deepEqual(fs.readdirSync(path.join(work, 'out')).sort(), ['confusion.csv', 'predictions.csv', 'predictions.html'], 'no temporary file left');
});

test.serial('a Kaggle-layout CSV and an IDX file with labels beside it are read, JSON is written by extension', async (t) => {
  const reports = await classifierRuns();
  const slice = mnistSlice('t10k', 50);
  const csv = path.join(work, 'kaggle.csv');
  await writeMnistCsv(csv, slice, { header: true });
  const json = path.join(work, 'json', 'p.json');
  const r = ssgan(['predict', '--run', 'mlp', '--reports', reports, '--seed', '1', '--input', csv, '--out', json, '--backend', 'wasm']);
  t.is(r.status, 0, r.stderr);
  const rows = JSON.parse(fs.readFileSync(json, 'utf8'));
  t.is(rows.length, 50);
  t.deepEqual(Object.keys(rows[0]), ['input', 'predicted', 'confidence', 'probabilities', 'generated']);
  t.is(rows[0].input, 'row 1');
  t.regex(r.stdout, /of 50 labelled inputs/);

  // A descriptor: its test split (labelled), or an error for the unlabeled split it lacks.
  const descriptor = path.join(work, 'kaggle.json');
  fs.writeFileSync(descriptor, JSON.stringify({ format: 'csv', train: 'kaggle.csv', options: { testFraction: 0.5, progress: false } }));
  const fromDescriptor = ssgan(['predict', '--run', 'mlp', '--reports', reports, '--seed', '1', '--input', descriptor, '--out', path.join(work, 'd.csv'), '--backend', 'wasm']);
  t.is(fromDescriptor.status, 0, fromDescriptor.stderr);
  const testRows = rowsOf(path.join(work, 'd.csv')).length;
  t.true(testRows > 15 && testRows < 35, `${testRows} test rows`);
  t.regex(fromDescriptor.stdout, new RegExp(`of ${testRows} labelled inputs`));
  const unlabeled = ssgan(['predict', '--run', 'mlp', '--reports', reports, '--input', descriptor, '--split', 'unlabeled', '--backend', 'wasm']);
  t.is(errorOf(unlabeled), `ssgan predict: ${descriptor}: the dataset has no unlabeled split`);

  const idx = path.join(work, 'idx');
  fs.mkdirSync(idx);
  const header = (magic: number, dims: number[]) => Buffer.from(new Uint8Array(new Uint32Array([magic, ...dims].map((v) => ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >> 8) & 0xff00) | (v >>> 24))).buffer));
  fs.writeFileSync(path.join(idx, 'my-images-idx3-ubyte'), Buffer.concat([header(2051, [50, 28, 28]), Buffer.from(slice.pixels)]));
  fs.writeFileSync(path.join(idx, 'my-labels-idx1-ubyte'), Buffer.concat([header(2049, [50]), Buffer.from(slice.labels)]));
  const fromIdx = path.join(work, 'idx.csv');
  const r2 = ssgan(['predict', '--run', 'mlp', '--reports', reports, '--seed', '1', '--input', path.join(idx, 'my-images-idx3-ubyte'), '--out', fromIdx, '--backend', 'wasm']);
  t.is(r2.status, 0, r2.stderr);
  t.deepEqual(rowsOf(fromIdx).map((row) => row.predicted), rows.map((row: { predicted: string }) => row.predicted), 'IDX and CSV of the same images agree');
  t.regex(r2.stdout, /of 50 labelled inputs/);
});

test.serial('bad input: an undecodable file, a CSV row of the wrong width, a run without a classifier, minibatch discrimination on export', async (t) => {
  const reports = await classifierRuns();
  const folder = path.join(work, 'bad-images');
  fs.mkdirSync(folder);
  fs.copyFileSync(path.join(work, 'png', 'digits', '7', '00000.png'), path.join(folder, 'good.png'));
  fs.writeFileSync(path.join(folder, 'broken.png'), 'not a png');
  const out = path.join(work, 'bad', 'p.csv');
  const args = ['--run', 'mlp', '--reports', reports, '--input', folder, '--out', out, '--backend', 'wasm'];
  const failed = ssgan(['predict', ...args]);
  t.is(failed.status, 1);
  t.regex(errorOf(failed), /^ssgan predict: \S*broken\.png: cannot decode image/);
  t.notRegex(failed.stderr, /\n\s+at /, 'no stack trace');
  t.false(fs.existsSync(out), 'no predictions file after a failure');
  t.deepEqual(fs.existsSync(path.dirname(out)) ? fs.readdirSync(path.dirname(out)) : [], [], 'no temporary file left');

  const skipped = ssgan(['predict', ...args, '--skip-bad-images']);
  t.is(skipped.status, 0, skipped.stderr);
  t.regex(skipped.stdout, /1 undecodable file skipped:\n\s+\S*broken\.png/);
  t.is(rowsOf(out).length, 1);

  const csv = path.join(work, 'short-row.csv');
  const good = Array.from({ length: 784 }, () => '0').join(',');
  fs.writeFileSync(csv, `${good}\n${good}\n${good.slice(4)}\n`);
  const wide = ssgan(['predict', '--run', 'mlp', '--reports', reports, '--input', csv, '--out', path.join(work, 'w.csv'), '--backend', 'wasm']);
  t.is(wide.status, 1);
  t.is(errorOf(wide), `ssgan predict: ${csv}: line 3: 782 cells, expected 784 like line 1`);

  const copy = path.join(work, 'reports-copy');
  fs.cpSync(reports, copy, { recursive: true });
  for (const seed of [1, 2]) fs.rmSync(path.join(copy, 'mlp', `seed-${seed}`, 'checkpoint'), { recursive: true });
  const none = ssgan(['predict', '--run', 'mlp', '--reports', copy, '--input', folder, '--backend', 'wasm']);
  t.is(none.status, 1);
  t.is(errorOf(none), `ssgan predict: ${path.join(copy, 'mlp', 'seed-1', 'checkpoint', 'discriminator', 'model.json')}: missing; run 'mlp' has no classifier (no seed saved a checkpoint)`);

  const mbd = ssgan(['export', '--run', 'mbd', '--reports', reports, '--out', path.join(work, 'mbd'), '--backend', 'wasm']);
  t.is(mbd.status, 1);
  t.regex(errorOf(mbd), /^ssgan export: \S+mbd: the discriminator's layer 'minibatch' \(MinibatchDiscrimination\) compares the images of a batch;.*cannot be exported$/);
  t.false(fs.existsSync(path.join(work, 'mbd', 'model.json')));
});

test.serial('predict streams: every batch leaves the tensor count where it was, rows reach the file as batches finish', async (t) => {
  const reports = await classifierRuns();
  const { registry } = loadPlugins();
  await selectBackend('wasm');
  const classifier = runClassifier(loadRunDiscriminators(registry, RunFolder.open(reports, 'mlp'), { seed: 1 }));
  const batches = 30;
  const batchSize = 64;
  const out = path.join(work, 'stream', 'p.csv');
  const file = new PredictionFile(out, classifier.classNames, true);
  const temporary = `${out}.${process.pid}.tmp`;
  const tensorCounts: number[] = [];
  const fileSizes: number[] = [];
  const source: InputSource = {
    total: batches * batchSize,
    skipped: [],
    async *batches(size) {
      for (let b = 0; b < batches; b++) {
        tensorCounts.push(tf.memory().numTensors);
        fileSizes.push(fs.statSync(temporary, { throwIfNoEntry: false })?.size ?? 0);
        const pixels = Uint8Array.from({ length: size * 784 }, (_, i) => (i * 7 + b * 13) % 256);
        yield { names: Array.from({ length: size }, (_, i) => `${b}/${i}`), pixels };
      }
    },
  };
  const summary = await predictInputs(classifier, source, file, { batchSize, progress: null });
  await file.commit();
  classifier.dispose();
  t.is(summary.predicted, batches * batchSize);
  t.is(summary.confusion, undefined, 'no labels, no confusion matrix');
  t.deepEqual(new Set(tensorCounts.slice(1)).size, 1, `tensor counts per batch: ${tensorCounts.join(', ')}`);
  t.true(fileSizes[batches - 1] > fileSizes[1], `rows reach the file before the input ends: ${fileSizes.join(', ')}`);
  t.is(rowsOf(out).length, batches * batchSize);
});

test.serial('an abort while a write is in flight leaves no file behind and raises no stray stream error', async (t) => {
  const folder = path.join(work, 'aborts');
  // The header write is queued at construction; the pause before abort lands it at each stage of the stream's life.
  for (let i = 0; i < 60; i++) {
    const file = new PredictionFile(path.join(folder, `p${i}.csv`), ['a', 'b'], true);
    for (let pause = 0; pause < i % 7; pause++) await new Promise((resolve) => setImmediate(resolve));
    await file.abort();
  }
  t.deepEqual(fs.readdirSync(folder), []);
});
