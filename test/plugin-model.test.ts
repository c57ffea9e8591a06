/**
 * The guide's model plugin (docs/own-dataset.md, "Your own model") is the file
 * examples/narrow-mlp/index.ts, whole, and trains on MNIST from the command line: its preset names
 * its model, the checkpoint holds its layers, the error falls far below chance, no tensor is left.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { main } from '../src/cli/main';
import { guideBlock } from './helpers/guide-block';
import { tempDir } from './helpers/own-data';

const REPO = path.resolve(__dirname, '..');
const EXAMPLE = path.join(REPO, 'examples', 'narrow-mlp');
const MARKER = '<!-- the file examples/narrow-mlp/index.ts, checked by test/plugin-model.test.ts -->\n```ts\n';

test("the guide's model block is examples/narrow-mlp/index.ts, character for character", (t) => {
  const block = guideBlock(MARKER);
  t.not(block, undefined, 'the guide marks the block');
  t.is(block, fs.readFileSync(path.join(EXAMPLE, 'index.ts'), 'utf8'));
});

test('ssgan run --plugins examples/narrow-mlp trains its model on MNIST: 30 iterations reach an error far below chance (90%) and leave no tensor', async (t) => {
  const reports = tempDir('model-example');
  t.teardown(() => fs.rmSync(reports, { recursive: true, force: true }));
  const before = tf.memory().numTensors;
  const code = await main(['run', '--plugins', EXAMPLE, '--preset', 'narrow-mlp-fm', '--epochs', '1', '--iterations-per-epoch', '30', '--labels', '100', '--seeds', '1', '--reports', reports, '--run-id', 'm']);
  t.is(code, 0);
  t.is(tf.memory().numTensors, before, 'tensors left after the run');
  const run = path.join(reports, 'm');
  const { config } = JSON.parse(fs.readFileSync(path.join(run, 'config.json'), 'utf8'));
  t.like(config, { preset: 'narrow-mlp-fm', dataset: 'mnist', model: 'narrow-mlp', labels: 100 });
  // The checkpoint is the plugin's network, not mnist-dense's 1000-500-250-250-250.
  const { modelTopology } = JSON.parse(fs.readFileSync(path.join(run, 'seed-1', 'checkpoint', 'discriminator', 'model.json'), 'utf8'));
  t.deepEqual(modelTopology.layers.filter((l: { className: string }) => l.className === 'WeightNormDense').map((l: { units: number }) => l.units), [500, 250, 250, 10]);
  t.is(modelTopology.featureLayer, 'features');
  const summary = JSON.parse(fs.readFileSync(path.join(run, 'summary.json'), 'utf8'));
  t.true(summary.complete);
  // 24.8% at seed 1 (averaged weights); a model that learned nothing stays near 90%.
  t.true(summary.testErrorAveraged.mean < 40, `test error ${summary.testErrorAveraged.mean}%`);
});
