/**
 * The conv layers (weight-normalised conv and transposed conv, global mean pooling) and the paper's
 * CIFAR-10 and SVHN models built from them: shapes, data-dependent init, weights, configs.
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { ForwardContext } from '../../../src/core/contracts';
import { RandomStreams, Rng } from '../../../src/engine/random';
import { registerWasmKernelFixes } from '../../../src/engine/wasm-kernels';
import { GlobalMeanPool, WeightNormConv2D, convOutputLength } from '../../../src/nn/conv';
import { Conv2DTranspose, WeightNormConv2DTranspose } from '../../../src/nn/conv-transpose';
import { modelSpec } from '../../../src/nn/model-layers';
import { CIFAR10_MODELS, SVHN_MODELS } from '../../../plugins/conv-models/models';

const ctx: ForwardContext = { training: false, random: RandomStreams.fromSeed(3) };

test.before(async () => {
  registerWasmKernelFixes();
  await tf.setBackend('wasm');
});

/** Per-channel mean and std over every axis but the last. */
function channelStats(y: tf.Tensor): { mean: number[]; std: number[] } {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(y, [...Array(y.rank - 1).keys()]);
    return { mean: Array.from(mean.dataSync()), std: Array.from(tf.sqrt(variance).dataSync()) };
  });
}

test('conv output sizes follow tf.conv2d for same and valid padding, stride 1 and 2', (t) => {
  t.is(convOutputLength(32, 3, 1, 'same'), 32);
  t.is(convOutputLength(32, 3, 2, 'same'), 16);
  t.is(convOutputLength(8, 3, 1, 'valid'), 6);
  t.is(convOutputLength(7, 3, 2, 'valid'), 3);
  const rng = new Rng(1);
  for (const [strides, padding, want] of [[1, 'same', [9, 9, 4]], [2, 'same', [5, 5, 4]], [1, 'valid', [7, 7, 4]], [2, 'valid', [4, 4, 4]]] as const) {
    const layer = new WeightNormConv2D('c', { filters: 4, kernelSize: 3, strides, padding });
    t.deepEqual(layer.build([9, 9, 3], rng), [...want]);
    const y = tf.tidy(() => layer.apply(tf.ones([2, 9, 9, 3]), ctx));
    t.deepEqual(y.shape, [2, ...want]);
    y.dispose();
  }
});

test('weight-norm conv: data-dependent init gives each filter mean 0 and the target std', (t) => {
  const layer = new WeightNormConv2D('c', { filters: 6, kernelSize: 3, strides: 2, initTargetStd: 0.5 });
  layer.build([8, 8, 3], new Rng(2));
  const x = tf.randomNormal([16, 8, 8, 3], 2, 3, 'float32', 5);
  const y = layer.initialize(x, ctx);
  const { mean, std } = channelStats(y);
  for (let f = 0; f < 6; f++) {
    t.true(Math.abs(mean[f]) < 1e-3, `filter ${f} mean ${mean[f]}`);
    t.true(Math.abs(std[f] - 0.5) < 1e-3, `filter ${f} std ${std[f]}`);
  }
  // The effective kernel of each filter has length g.
  const [v, g, b] = layer.weights;
  t.deepEqual([v.name, g.name, b.name], ['c/v', 'c/g', 'c/bias']);
  t.false(g.trainable);
  const lengths = tf.tidy(() => tf.sqrt(tf.sum(tf.square(layer.kernel()), [0, 1, 2])).dataSync());
  Array.from(g.variable.dataSync()).forEach((scale, f) => t.true(Math.abs(lengths[f] - scale) < 1e-4 * Math.max(1, scale)));
  tf.dispose([x, y]);
});

test('leaky ReLU 0.2 follows the weight-norm conv when asked', (t) => {
  const linear = new WeightNormConv2D('a', { filters: 3, kernelSize: 1 });
  const leaky = new WeightNormConv2D('a', { filters: 3, kernelSize: 1, activation: 'leakyRelu' });
  linear.build([2, 2, 2], new Rng(4));
  leaky.build([2, 2, 2], new Rng(4));
  const x = tf.randomNormal([4, 2, 2, 2], 0, 1, 'float32', 8);
  const [a, b] = tf.tidy(() => [linear.apply(x, ctx).dataSync(), leaky.apply(x, ctx).dataSync()]);
  a.forEach((v, i) => t.true(Math.abs(b[i] - (v > 0 ? v : 0.2 * v)) < 1e-6));
  x.dispose();
});

test('transposed convs double height and width; the weight-norm one inits to the target std', (t) => {
  const plain = new Conv2DTranspose('d', { filters: 5, kernelSize: 5, strides: 2, useBias: false });
  t.deepEqual(plain.build([4, 4, 8], new Rng(1)), [8, 8, 5]);
  t.deepEqual(plain.weights.map((w) => w.name), ['d/kernel']);
  const wn = new WeightNormConv2DTranspose('out', { filters: 3, kernelSize: 5, strides: 2, activation: 'tanh', trainScale: true, initTargetStd: 0.1 });
  t.deepEqual(wn.build([4, 4, 8], new Rng(1)), [8, 8, 3]);
  t.deepEqual(wn.weights.map((w) => [w.name, w.trainable]), [['out/v', true], ['out/g', true], ['out/bias', true]]);
  const x = tf.randomNormal([6, 4, 4, 8], 0, 1, 'float32', 9);
  const y = tf.tidy(() => plain.apply(x, ctx));
  t.deepEqual(y.shape, [6, 8, 8, 5]);
  const z = wn.initialize(x, ctx);
  // tanh of a pre-activation with std 0.1 is nearly linear: std close to 0.1, within [-1, 1].
  const { std } = channelStats(z);
  std.forEach((s) => t.true(Math.abs(s - 0.1) < 0.005, `std ${s}`));
  t.is(wn.getConfig().className, 'WeightNormConv2DTranspose');
  tf.dispose([x, y, z]);
});

test('global mean pooling averages over rows and columns', (t) => {
  const pool = new GlobalMeanPool('pool');
  t.deepEqual(pool.build([3, 4, 5]), [5]);
  const x = tf.randomUniform([2, 3, 4, 5], 0, 1, 'float32', 1);
  const [got, want] = tf.tidy(() => [pool.apply(x, ctx).dataSync(), tf.mean(x.reshape([2, 12, 5]), 1).dataSync()]);
  got.forEach((v, i) => t.true(Math.abs(v - want[i]) < 1e-6));
  x.dispose();
});

for (const [models, first, width] of [[CIFAR10_MODELS, 96, 192], [SVHN_MODELS, 64, 128]] as const) {
  test(`${models.name}: the paper's discriminator and generator, shapes and layers`, (t) => {
    const spec = modelSpec([], [32, 32, 3], 10, { initSeed: 7 });
    const d = models.createDiscriminator(spec);
    const g = models.createGenerator(spec);
    const config = d.getConfig() as { layers: { className: string; name: string; filters?: number; strides?: number; padding?: string }[]; featureLayer: string };
    t.deepEqual(config.layers.map((l) => l.name), [
      'dropout1', 'conv1', 'conv2', 'conv3', 'dropout2', 'conv4', 'conv5', 'conv6', 'dropout3', 'conv7', 'nin1', 'nin2', 'pool', 'logits',
    ]);
    const convs = config.layers.filter((l) => l.className === 'WeightNormConv2D');
    t.deepEqual(convs.map((l) => l.filters), [first, first, first, width, width, width, width, width, width]);
    t.deepEqual(convs.map((l) => `${l.strides}${l.padding}`), ['1same', '1same', '2same', '1same', '1same', '2same', '1valid', '1same', '1same']);
    t.is(config.featureLayer, 'pool');
    const random = RandomStreams.fromSeed(1);
    const [logits, features, images, peak] = tf.tidy(() => {
      const x = tf.randomUniform([3, 32, 32, 3], -1, 1, 'float32', 2);
      d.initialize(x, { training: true, random });
      const out = d.apply(x, { training: false, random });
      const generated = g.apply(g.sampleLatent(2, random), { training: true, random });
      return [out.logits, out.features, generated, tf.max(tf.abs(generated))];
    });
    t.deepEqual(logits.shape, [3, 10]);
    t.deepEqual(features.shape, [3, width]);
    t.deepEqual(images.shape, [2, 32, 32, 3]);
    t.true(peak.dataSync()[0] <= 1);
    t.is(g.latentDim, 100);
    t.throws(() => models.createGenerator({ ...spec, imageShape: [28, 28, 1] }), { message: /not a multiple of 8/ });
    tf.dispose([logits, features, images, peak, ...d.namedWeights.map((w) => w.variable), ...g.namedWeights.map((w) => w.variable)]);
  });
}
