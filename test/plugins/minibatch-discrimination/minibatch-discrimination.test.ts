/** The minibatch-discrimination layer: its shape, its similarity sums and its gradients. */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { selectBackend } from '../../../src/engine/backend';
import { RandomStreams, Rng } from '../../../src/engine/random';
import { MinibatchDiscrimination } from '../../../plugins/minibatch-discrimination/layer';
import { minimaxGeneratorLoss } from '../../../plugins/minibatch-discrimination/objective';

const ctx = { training: true, random: RandomStreams.fromSeed(1) };

function layer(inputs: number, kernels: number, kernelDim: number, seed = 1): MinibatchDiscrimination {
  // T's direction of order 1, so finite differences of 1e-2 stay in the linear regime of its norm.
  const l = new MinibatchDiscrimination('mbd', { kernels, kernelDim, initStd: 1 });
  l.build([inputs], new Rng(seed));
  return l;
}

/** o(x) (the last B columns of the output) as nested arrays. */
function similarity(l: MinibatchDiscrimination, x: tf.Tensor2D, kernels: number): number[][] {
  return tf.tidy(() => {
    const out = l.apply(x, ctx) as tf.Tensor2D;
    return out.slice([0, out.shape[1] - kernels], [-1, kernels]).arraySync() as number[][];
  });
}

test.before(async () => {
  await selectBackend('wasm');
});

test('the output is [f(x), o(x)], of width A + B, and keeps f(x) unchanged', (t) => {
  const l = layer(7, 4, 3);
  const x = tf.randomNormal([5, 7], 0, 1, 'float32', 3) as tf.Tensor2D;
  const out = l.apply(x, ctx);
  t.deepEqual(out.shape, [5, 11]);
  t.deepEqual(out.slice([0, 0], [-1, 7]).arraySync(), x.arraySync());
  tf.dispose([x, out]);
});

test('n identical inputs give o(x)_b = n - 1 plus the bias (-1), the largest value: self excluded', (t) => {
  const n = 6;
  const l = layer(5, 4, 3);
  const same = tf.tile(tf.randomNormal([1, 5], 0, 1, 'float32', 4), [n, 1]) as tf.Tensor2D;
  for (const row of similarity(l, same, 4)) for (const v of row) t.true(Math.abs(v - (n - 1 - 1)) < 1e-5, `o = ${v}`);
  // One example alone has no companions: only the bias.
  for (const v of similarity(l, same.slice(0, 1) as tf.Tensor2D, 4)[0]) t.true(Math.abs(v + 1) < 1e-6, `o alone = ${v}`);
  const different = tf.randomNormal([n, 5], 0, 1, 'float32', 5) as tf.Tensor2D;
  for (const row of similarity(l, different, 4)) for (const v of row) t.true(v < n - 2, `o = ${v} is not below its maximum`);
  tf.dispose([same, different]);
});

test('far-apart inputs give o(x) close to the bias', (t) => {
  const l = layer(5, 4, 3);
  const far = tf.mul(tf.eye(5), 1e4) as tf.Tensor2D;
  for (const row of similarity(l, far, 4)) for (const v of row) t.true(Math.abs(v + 1) < 1e-4, `o = ${v}`);
  far.dispose();
});

test('gradients with respect to the input and to T match central finite differences', (t) => {
  const l = layer(4, 3, 2, 7);
  const x = tf.variable(tf.mul(tf.randomNormal([5, 4], 0, 1, 'float32', 8), 2), true);
  const probe = tf.randomNormal([5, 7], 0, 1, 'float32', 9);
  const objective = () => tf.sum(tf.mul(l.apply(x, ctx), probe)) as tf.Scalar;
  const direction = l.weights.find((w) => w.name === 'mbd/t')!.variable;
  const { grads } = tf.variableGrads(objective, [x, direction]);
  for (const v of [x, direction]) {
    const analytic = grads[v.name].dataSync();
    const values = v.dataSync().slice();
    const eps = 1e-2;
    let worst = 0;
    for (let i = 0; i < values.length; i++) {
      const at = (delta: number) => {
        const moved = values.slice();
        moved[i] += delta;
        v.assign(tf.tensor(moved, v.shape));
        return tf.tidy(() => objective().dataSync()[0]);
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
      v.assign(tf.tensor(values, v.shape));
    }
    t.true(worst < 2e-2, `${v === x ? 'input' : 'T'}: worst relative difference ${worst}`);
  }
  tf.dispose([x, probe, ...Object.values(grads)]);
});

test('data-dependent init scales T so half the mean nearest-neighbour distance is 1', (t) => {
  const l = layer(6, 3, 2);
  const x = tf.randomNormal([20, 6], 0, 5, 'float32', 10) as tf.Tensor2D;
  tf.tidy(() => l.initialize(x, ctx));
  const m = tf.tidy(() => tf.reshape(tf.matMul(x, l.projection()), [20, 3, 2]));
  const d = tf.tidy(() => tf.sum(tf.abs(tf.sub(tf.expandDims(m, 1), tf.expandDims(m, 0))), 3).add(tf.expandDims(tf.eye(20), 2).mul(1e9)));
  const halfMean = tf.tidy(() => tf.mean(tf.min(d, 1), 0).mul(0.5).arraySync() as number[]);
  for (const v of halfMean) t.true(Math.abs(v - 1) < 1e-3, `half mean nearest distance ${v}`);
  tf.dispose([x, m, d]);
});

test('the minimax generator loss is -mean(softplus(lse(l)))', (t) => {
  const logits = tf.tensor2d([[0, 1], [2, -1]]);
  const lse = [Math.log(1 + Math.E), Math.log(Math.exp(2) + Math.exp(-1))];
  const expected = -(Math.log1p(Math.exp(lse[0])) + Math.log1p(Math.exp(lse[1]))) / 2;
  const loss = minimaxGeneratorLoss(logits);
  t.true(Math.abs(loss.dataSync()[0] - expected) < 1e-5);
  tf.dispose([logits, loss]);
});
