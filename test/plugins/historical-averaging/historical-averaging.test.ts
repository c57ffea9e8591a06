/** Historical averaging: the penalty starts at 0, grows as weights move, and pulls them back. */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { selectBackend } from '../../../src/engine/backend';
import { HistoricalAverage } from '../../../plugins/historical-averaging/objective';
import { HISTORICAL_AVERAGING } from '../../../plugins/historical-averaging/technique';
import { MNIST_FEATURE_MATCHING } from '../../../plugins/mnist/presets';

test.before(async () => {
  await selectBackend('wasm');
});

test('the penalty is 0 at step 1, grows while the weights move away, and descent pulls the weights toward the average', (t) => {
  const w = tf.variable(tf.tensor1d([1, -2, 0.5]));
  const ha = new HistoricalAverage('historical-averaging-d', 0.1);
  const penalty = () => tf.tidy(() => ha.loss({ weights: [w] }).dataSync()[0]);
  t.is(penalty(), 0);
  const values: number[] = [];
  for (let step = 0; step < 4; step++) {
    w.assign(tf.add(w, tf.tensor1d([0.3, 0.1, -0.2])));
    values.push(penalty());
  }
  for (let i = 1; i < values.length; i++) t.true(values[i] > values[i - 1], `penalties ${values.join(', ')}`);
  // After 5 steps the average is the mean of the 5 weight vectors; -gradient = 2 (average - w).
  const average = [1 + 0.6, -2 + 0.2, 0.5 - 0.4];
  const { grads } = tf.variableGrads(() => ha.loss({ weights: [w] }), [w]);
  const current = w.dataSync();
  const grad = grads[w.name].dataSync();
  // This call folded a 6th, equal weight vector into the average.
  const mean6 = average.map((a, i) => (5 * a + current[i]) / 6);
  grad.forEach((g, i) => t.true(Math.abs(-g - 2 * (mean6[i] - current[i])) < 1e-4, `gradient ${Array.from(grad)} vs average ${mean6}`));
  tf.dispose([w, ...Object.values(grads)]);
  ha.dispose();
});

test('the average survives a checkpoint: save, load into a new term, same penalty', (t) => {
  const w = tf.variable(tf.tensor1d([0, 0]));
  const a = new HistoricalAverage('h', 1);
  tf.tidy(() => a.loss({ weights: [w] }));
  w.assign(tf.tensor1d([1, 1]));
  const saved = a.saveState();
  const b = new HistoricalAverage('h', 1);
  b.loadState(saved);
  w.assign(tf.tensor1d([2, 2]));
  t.is(tf.tidy(() => a.loss({ weights: [w] }).dataSync()[0]), tf.tidy(() => b.loss({ weights: [w] }).dataSync()[0]));
  tf.dispose([w, ...Object.values(saved)]);
  a.dispose();
  b.dispose();
});

test('the technique adds one term per player with lambda as its weight, and removes both', (t) => {
  const on = HISTORICAL_AVERAGING.enable(MNIST_FEATURE_MATCHING.config);
  t.true(HISTORICAL_AVERAGING.enabledIn(on));
  t.deepEqual(HISTORICAL_AVERAGING.parameters(on), { lambdaD: 1e-4, lambdaG: 1e-4 });
  t.deepEqual(HISTORICAL_AVERAGING.disable(on), MNIST_FEATURE_MATCHING.config);
});
