/** One-sided label smoothing: the K+1 loss with real targets 0.9, and its switch. */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { selectBackend } from '../../../src/engine/backend';
import { K_PLUS_ONE } from '../../../src/gan/objectives';
import type { DiscriminatorObjective } from '../../../src/core/contracts';
import { LABEL_SMOOTHING } from '../../../plugins/label-smoothing/technique';
import { MNIST_FEATURE_MATCHING } from '../../../plugins/mnist/presets';

test.before(async () => {
  await selectBackend('wasm');
});

const softplus = (x: number) => Math.log1p(Math.exp(x));

test('with alpha 0.9 the loss equals 0.5 mean(-0.9 log D(x) - 0.1 log(1 - D(x))) on real, 0.5 mean(-log(1 - D)) on generated', (t) => {
  const config = LABEL_SMOOTHING.enable(MNIST_FEATURE_MATCHING.config);
  const term = config.discriminatorObjectives.find((o) => o.name === 'k-plus-one')!;
  const objective = K_PLUS_ONE.create(term.weight, term.options) as DiscriminatorObjective;
  const real = [[0.5, -1], [2, 1]];
  const fake = [[-1, -2], [0, 0.3]];
  const lse = (row: number[]) => Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
  // D = sigmoid(lse): -log D = softplus(-lse), -log(1 - D) = softplus(lse).
  const realPart = real.map((r) => 0.9 * softplus(-lse(r)) + 0.1 * softplus(lse(r))).reduce((a, b) => a + b) / 2;
  const fakePart = fake.map((r) => softplus(lse(r))).reduce((a, b) => a + b) / 2;
  const step = {
    labeledLogits: tf.tensor2d([[0, 0]]), labels: tf.tensor1d([0], 'int32'),
    unlabeledLogits: tf.tensor2d(real), generatedLogits: tf.tensor2d(fake), weights: [],
  };
  const loss = objective.loss(step);
  t.true(Math.abs(loss.dataSync()[0] - 0.5 * (realPart + fakePart)) < 1e-5, `${loss.dataSync()[0]} vs ${0.5 * (realPart + fakePart)}`);
  tf.dispose([loss, step.labeledLogits, step.labels, step.unlabeledLogits, step.generatedLogits]);
});

test('the switch sets realTarget 0.9 on the k-plus-one term and takes it off again', (t) => {
  const base = MNIST_FEATURE_MATCHING.config;
  t.false(LABEL_SMOOTHING.enabledIn(base));
  const on = LABEL_SMOOTHING.enable(base);
  t.deepEqual(LABEL_SMOOTHING.parameters(on), { alpha: 0.9 });
  const off = LABEL_SMOOTHING.disable(on);
  t.false(LABEL_SMOOTHING.enabledIn(off));
  t.deepEqual(off.discriminatorObjectives.find((o) => o.name === 'k-plus-one'), base.discriminatorObjectives.find((o) => o.name === 'k-plus-one'));
});
