/**
 * Seeded tensor noise: reproducible from the seed and from a saved state, the same values from
 * the native and the JavaScript generator, and the right distribution.
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/engine/backend';
import { loadNative } from '../src/engine/native';
import { RandomStreams } from '../src/engine/random';

/** The values of a tensor, which is then freed. (tf.tidy would walk a returned array's every element.) */
const valuesOf = (x: tf.Tensor): Float32Array => {
  const values = x.dataSync() as Float32Array;
  x.dispose();
  return values;
};

const draw = (random: RandomStreams): Float32Array[] => [valuesOf(random.normal([300, 1000], 0.5)), valuesOf(random.uniform([100, 100], -1, 3))];

test.before(async () => {
  await selectBackend('wasm');
});

test.serial('the same seed gives the same noise, another seed other noise', (t) => {
  const [a, b] = [draw(RandomStreams.fromSeed(3)), draw(RandomStreams.fromSeed(3))];
  t.deepEqual(a, b);
  t.notDeepEqual(draw(RandomStreams.fromSeed(4))[0], a[0]);
});

test.serial('a saved state resumes the noise exactly', (t) => {
  const random = RandomStreams.fromSeed(9);
  draw(random);
  const state = JSON.parse(JSON.stringify(random.getState()));
  const next = draw(random);
  t.deepEqual(draw(RandomStreams.fromState(state)), next);
});

test.serial('the wasm path (native where built) and the JavaScript path on cpu draw the same values', async (t) => {
  t.log(loadNative().addon ? 'wasm path uses the native generator' : 'native addon not loaded: both paths are JavaScript');
  const onWasm = draw(RandomStreams.fromSeed(11));
  await tf.setBackend('cpu');
  const onCpu = draw(RandomStreams.fromSeed(11));
  await tf.setBackend('wasm');
  t.deepEqual(onWasm, onCpu);
});

test.serial('x + noise in one kernel equals x plus a separate noise tensor, bit for bit, and passes the gradient through', (t) => {
  t.truthy(loadNative().addon, 'the native addon is loaded');
  const x = RandomStreams.fromSeed(9).uniform([300, 1000], -2, 2);
  const fused = RandomStreams.fromSeed(5);
  const separate = RandomStreams.fromSeed(5);
  // Twice, so the second draw shows that both took the same counters.
  for (let round = 0; round < 2; round++) {
    const got = fused.addNormal(x, 0.3);
    t.not(got.dataId, x.dataId);
    const noise = separate.normal(x.shape, 0.3);
    t.deepEqual(valuesOf(got), valuesOf(tf.add(x, noise)), `draw ${round + 1}`);
    noise.dispose();
  }
  const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(fused.addNormal(a, 0.3), 3)))(x);
  t.deepEqual(Array.from(new Set(valuesOf(dx))), [3]);
  x.dispose();
});

test.serial('dropout in one kernel equals the mask of tfjs ops, bit for bit, and its gradient is that mask', (t) => {
  t.truthy(loadNative().addon, 'the native addon is loaded');
  const x = RandomStreams.fromSeed(9).uniform([20, 16, 16, 96], -2, 2);
  const fused = RandomStreams.fromSeed(6);
  const separate = RandomStreams.fromSeed(6);
  const start = fused.getState();
  const masks = [1, 2].map((round) => {
    const mask = tf.tidy(() => tf.cast(tf.greaterEqual(separate.uniform(x.shape), 0.5), 'float32').mul(2));
    t.deepEqual(valuesOf(fused.dropout(x, 0.5)), valuesOf(tf.mul(x, mask)), `draw ${round}: the same counters as the ops`);
    return mask;
  });
  // The gradient draws the mask again from the forward pass's counters.
  const dx = tf.grad((a: tf.Tensor) => tf.sum(RandomStreams.fromState(start).dropout(a, 0.5)))(x);
  t.deepEqual(valuesOf(dx), valuesOf(masks[0]));
  tf.dispose([x, masks[1]]);
});

test.serial('normals have mean 0, the requested std and a normal kurtosis; uniforms stay in range', (t) => {
  const [normal, uniform] = draw(RandomStreams.fromSeed(5));
  let [s1, s2, s4] = [0, 0, 0];
  for (const v of normal) {
    s1 += v;
    s2 += v * v;
    s4 += v ** 4;
  }
  const n = normal.length;
  const variance = s2 / n;
  t.true(Math.abs(s1 / n) < 0.005, `mean ${s1 / n}`);
  t.true(Math.abs(Math.sqrt(variance) - 0.5) < 0.005, `std ${Math.sqrt(variance)}`);
  t.true(Math.abs(s4 / n / variance ** 2 - 3) < 0.05, `kurtosis ${s4 / n / variance ** 2}`);
  // The tails come from the ziggurat's slow paths: P(|x| > 2 std) = 0.0455, P(|x| > 3 std) = 0.0027.
  const beyond = (k: number): number => normal.filter((v) => Math.abs(v) > k * 0.5).length / n;
  t.true(Math.abs(beyond(2) / 0.0455 - 1) < 0.05, `P(|x| > 2 std) = ${beyond(2)}`);
  t.true(Math.abs(beyond(3) / 0.0027 - 1) < 0.15, `P(|x| > 3 std) = ${beyond(3)}`);
  t.true(uniform.every((v) => v >= -1 && v < 3));
  const mean = uniform.reduce((a, b) => a + b, 0) / uniform.length;
  t.true(Math.abs(mean - 1) < 0.05, `uniform mean ${mean}`);
});

test.serial('the tail beyond the ziggurat base (|x| > R) has its full probability mass', (t) => {
  // Values beyond R = 3.4426 come from the tail sampler, which rejects about 8% of its draws; a
  // sampler that starts over on a rejection there thins the tail by that much (6 standard errors here).
  const R = 3.442619855899;
  const expected = 5.7614e-4; // erfc(R / sqrt(2))
  const random = RandomStreams.fromSeed(6);
  let beyond = 0;
  let n = 0;
  for (let chunk = 0; chunk < 10; chunk++) {
    const values = valuesOf(random.normal([1000, 1000], 1));
    for (let i = 0; i < values.length; i++) if (values[i] > R || values[i] < -R) beyond += 1;
    n += values.length;
  }
  const standardError = Math.sqrt(n * expected);
  t.true(Math.abs(beyond - n * expected) < 4 * standardError, `${beyond} of ${n} beyond R, expected ${(n * expected).toFixed(0)} ± ${standardError.toFixed(0)}`);
});
