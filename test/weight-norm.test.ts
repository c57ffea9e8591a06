import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { RandomStreams, Rng } from '../src/engine/random';
import { WeightNormDense } from '../src/nn/dense';

const ctx = { training: true, random: RandomStreams.fromSeed(3) };

function layer(units: number, inputs: number, activation: 'linear' | 'relu' = 'linear'): WeightNormDense {
  const l = new WeightNormDense('wn', { units, activation, initStd: 0.1, trainScale: true });
  l.build([inputs], new Rng(11));
  return l;
}

test('data-dependent init gives every unit mean ~0 and std ~1 on the init batch', (t) => {
  const l = layer(32, 20);
  const x = tf.add(tf.mul(tf.randomNormal([500, 20], 0, 1, 'float32', 5), 3), 2);
  l.initialize(x, ctx);
  const { mean, variance } = tf.moments(l.apply(x, ctx), 0);
  const m = mean.dataSync();
  const s = variance.sqrt().dataSync();
  for (let i = 0; i < 32; i++) {
    t.true(Math.abs(m[i]) < 1e-3, `unit ${i} mean ${m[i]}`);
    t.true(Math.abs(s[i] - 1) < 1e-3, `unit ${i} std ${s[i]}`);
  }
});

test('weight-norm gradients match central finite differences', (t) => {
  const l = layer(4, 3, 'relu');
  l.initialize(tf.randomNormal([50, 3], 0, 1, 'float32', 6), ctx);
  const x = tf.randomNormal([6, 3], 0, 1, 'float32', 7);
  const target = tf.randomNormal([6, 4], 0, 1, 'float32', 8);
  const loss = () => tf.sum(tf.square(tf.sub(l.apply(x, ctx), target))) as tf.Scalar;
  const variables = l.weights.filter((w) => w.trainable).map((w) => w.variable);
  const { grads } = tf.variableGrads(loss, variables);
  const eps = 1e-3;
  for (const v of variables) {
    const analytic = grads[v.name].dataSync();
    const values = v.dataSync().slice();
    for (let i = 0; i < values.length; i++) {
      const probe = (delta: number) => {
        const shifted = values.slice();
        shifted[i] += delta;
        v.assign(tf.tensor(shifted, v.shape));
        return loss().dataSync()[0];
      };
      const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
      v.assign(tf.tensor(values, v.shape));
      t.true(Math.abs(numeric - analytic[i]) < 1e-2 * Math.max(1, Math.abs(numeric)), `${v.name}[${i}]: ${analytic[i]} vs ${numeric}`);
    }
  }
});
