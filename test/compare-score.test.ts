/**
 * `ssgan score --scorer` with a tfjs Graph model (written by hand here: a Placeholder, a Reshape,
 * a MatMul and a Softmax), and `ssgan compare` over two finished runs, one of them scored.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { selectBackend } from '../src/engine/backend';
import { loadModelFile } from '../src/eval/model-file';
import { Scorer } from '../src/eval/scorer';
import { ssgan } from './helpers/cli';

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-compare-'));
const TINY = ['--epochs', '1', '--iterations-per-epoch', '3', '--backend', 'wasm', '--threads', '1', '--reports', reports];
const PIXELS = 28 * 28;

/** A Graph model: probs = softmax(reshape(x, [-1, 784]) W), with `logits` as a feature node. */
function writeGraphModel(dir: string, weights: Float32Array): string {
  const f32 = { type: 'DT_FLOAT' };
  const tensorAttr = (dtype: string, dims: number[]) => ({ dtype: { type: dtype }, value: { tensor: { dtype, tensorShape: { dim: dims.map((size) => ({ size: String(size) })) } } } });
  const modelJson = {
    format: 'graph-model', generatedBy: 'hand', convertedBy: 'ssgan test',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: f32, shape: { shape: { dim: [-1, 28, 28, 1].map((size) => ({ size: String(size) })) } } } },
        { name: 'flat/shape', op: 'Const', attr: tensorAttr('DT_INT32', [2]) },
        { name: 'flat', op: 'Reshape', input: ['x', 'flat/shape'], attr: { T: f32, Tshape: { type: 'DT_INT32' } } },
        { name: 'w', op: 'Const', attr: tensorAttr('DT_FLOAT', [PIXELS, 10]) },
        { name: 'logits', op: 'MatMul', input: ['flat', 'w'], attr: { T: f32, transpose_a: { b: false }, transpose_b: { b: false } } },
        { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: f32 } },
      ],
      library: {}, versions: { producer: 1 },
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'flat/shape', shape: [2], dtype: 'int32' }, { name: 'w', shape: [PIXELS, 10], dtype: 'float32' }] }],
  };
  fs.mkdirSync(dir, { recursive: true });
  const shape = new Int32Array([-1, PIXELS]);
  fs.writeFileSync(path.join(dir, 'weights.bin'), Buffer.concat([Buffer.from(shape.buffer), Buffer.from(weights.buffer)]));
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  return path.join(dir, 'model.json');
}

function graphWeights(): Float32Array {
  // Fixed, varied weights: each class weighs the pixels differently.
  return Float32Array.from({ length: PIXELS * 10 }, (_, i) => Math.sin(i * 0.37) * 0.05);
}

test.serial('a hand-written Graph model scores as its graph computes: probabilities from its output, features from a named node', async (t) => {
  await selectBackend('wasm');
  const weights = graphWeights();
  const file = writeGraphModel(fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-graph-')), weights);
  const loaded = await loadModelFile(file);
  t.is(loaded.kind, 'graph');
  const scorer = new Scorer({ name: 'graph', description: 'hand-written', inputRange: [0, 1], featureLayer: 'logits' }, loaded);
  const images = tf.randomUniform([7, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  // Model scale of pixels p: (p - 0) / 255, so the scorer's [0, 1] input is the image itself.
  const out = await scorer.score(images, { offset: 0, scale: 255 });
  const logits = tf.matMul(images.reshape([7, PIXELS]), tf.tensor2d(weights, [PIXELS, 10]));
  const expected = { probabilities: tf.softmax(logits).dataSync(), features: logits.dataSync() };
  t.deepEqual([out.probabilities.rows, out.probabilities.cols, out.features.cols], [7, 10, 10]);
  const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
  t.true(maxDiff(out.probabilities.data, expected.probabilities) < 1e-5, `probabilities differ by ${maxDiff(out.probabilities.data, expected.probabilities)}`);
  t.true(maxDiff(out.features.data, expected.features) < 1e-4, `features differ by ${maxDiff(out.features.data, expected.features)}`);
  scorer.dispose();
  tf.dispose([images, logits]);
});

test.serial('ssgan score --scorer takes the Graph model; ssgan compare tabulates two runs, with the scores of the scored one', (t) => {
  for (const [id, labels] of [['a', '100'], ['b', '20']]) {
    const r = ssgan(['run', '--run-id', id, '--labels', labels, ...TINY]);
    t.is(r.status, 0, r.stderr);
  }
  const model = writeGraphModel(path.join(reports, 'graph-scorer'), graphWeights());
  const score = ssgan(['score', '--run', 'a', '--reports', reports, '--scorer', model, '--scorer-features', 'logits', '--n', '100', '--splits', '5', '--backend', 'wasm']);
  t.is(score.status, 0, score.stderr);
  t.regex(score.stdout, /^scorer: graph-scorer: network loaded from \S+model\.json \(given with --scorer\)$/m);
  const scores = JSON.parse(fs.readFileSync(path.join(reports, 'a', 'scores.json'), 'utf8'));
  t.is(scores.scorer.featureLayer, 'logits');
  t.true(scores.real.inceptionScore.mean > 1 && scores.real.inceptionScore.mean <= 10, `real Inception score ${scores.real.inceptionScore.mean}`);

  const out = path.join(reports, 'table.md');
  const compare = ssgan(['compare', 'a', 'b', '--reports', reports, '--out', out]);
  t.is(compare.status, 0, compare.stderr);
  const rows = JSON.parse(fs.readFileSync(path.join(reports, 'table.json'), 'utf8'));
  t.deepEqual(rows.map((r: { runId: string; labels: number; epochs: number; seedsDone: number }) => [r.runId, r.labels, r.epochs, r.seedsDone]), [['a', 100, 1, 1], ['b', 20, 1, 1]]);
  const summaryA = JSON.parse(fs.readFileSync(path.join(reports, 'a', 'summary.json'), 'utf8'));
  t.deepEqual(rows[0].testErrorAveraged, summaryA.testErrorAveraged);
  const markdown = fs.readFileSync(out, 'utf8');
  t.is(compare.stdout.split('\nwritten: ')[0], markdown);
  const line = (id: string) => markdown.split('\n').find((l) => l.startsWith(`| ${id} |`)) ?? '';
  t.regex(line('a'), new RegExp(`^\\| a \\| mnist-fm \\| 100 \\| 1 \\| 1 \\| ${summaryA.testErrorAveraged.mean.toFixed(2)} \\| [\\d.]+ \\| 0\\.93 ± 0\\.065 \\(300 ep\\.\\) \\| ${scores.inceptionScoreOverSeeds.mean.toFixed(3)} \\([\\d.]+\\) \\| [\\d.]+ \\([\\d.]+\\) \\| graph-scorer \\| – \\|$`));
  t.regex(line('b'), /^\| b \| mnist-fm \| 20 \| 1 \| 1 \| [\d.]+ \| [\d.]+ \| 16\.77 ± 4\.52 \(300 ep\.\) \| – \| – \| – \| – \|$/);

  const missing = ssgan(['compare', 'a', 'nope', '--reports', reports]);
  t.is(missing.status, 1);
  t.regex(missing.stderr, /^ssgan compare: no run 'nope': \S+nope\/config\.json does not exist\n$/);
});
