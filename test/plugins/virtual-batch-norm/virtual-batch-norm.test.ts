/** Virtual batch norm: an example's output does not depend on its batch companions; batch norm's does. */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { selectBackend } from '../../../src/engine/backend';
import { RandomStreams } from '../../../src/engine/random';
import { BatchNorm } from '../../../src/nn/batch-norm';
import type { Layer } from '../../../src/nn/layer';
import { modelSpec } from '../../../src/nn/model-layers';
import { DenseModels } from '../../../plugins/mnist/models';
import { VirtualBatchNorm } from '../../../plugins/virtual-batch-norm/layer';
import { VIRTUAL_BATCH_NORM_LAYERS } from '../../../plugins/virtual-batch-norm/normalization';

const ctx = { training: true, random: RandomStreams.fromSeed(1) };

test.before(async () => {
  await selectBackend('wasm');
});

/** Largest change of example 0's output when its companions are replaced. */
function companionEffect(layer: Layer, reference: tf.Tensor, example: tf.Tensor, a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const out = (companions: tf.Tensor) => tf.slice(layer.apply(tf.concat([reference, example, companions]), ctx), reference.shape[0], 1);
    return tf.max(tf.abs(tf.sub(out(a), out(b)))).dataSync()[0];
  });
}

test('on feature maps: example outputs ignore companions with VBN, not with BN', (t) => {
  const shape = [4, 4, 3];
  const vbn = new VirtualBatchNorm('vbn', { referenceSize: 8 });
  vbn.build(shape);
  const bn = new BatchNorm('bn');
  bn.build(shape);
  const reference = tf.randomNormal([8, ...shape], 0, 1, 'float32', 1);
  const example = tf.randomNormal([1, ...shape], 0, 1, 'float32', 2);
  const a = tf.randomNormal([5, ...shape], 0, 1, 'float32', 3);
  const b = tf.randomNormal([5, ...shape], 3, 2, 'float32', 4);
  t.true(companionEffect(vbn, reference, example, a, b) < 1e-5);
  t.true(companionEffect(bn, tf.zeros([0, ...shape]), example, a, b) > 0.1);
  tf.dispose([reference, example, a, b]);
});

test('the MNIST generator with generatorNorm virtual-batch: G(z) of one latent is the same in any batch', (t) => {
  const spec = modelSpec([VIRTUAL_BATCH_NORM_LAYERS], [28, 28, 1], 10, { initSeed: 1, generatorNorm: 'virtual-batch', referenceBatchSize: 10 });
  const g = new DenseModels().createGenerator(spec);
  const random = RandomStreams.fromSeed(2);
  const z = g.sampleLatent(1, random);
  const effect = tf.tidy(() => {
    const first = (companions: tf.Tensor2D) => tf.slice(g.apply(tf.concat([z, companions]), ctx), 0, 1);
    return tf.max(tf.abs(tf.sub(first(g.sampleLatent(7, random)), first(tf.mul(g.sampleLatent(3, random), 0.1))))).dataSync()[0];
  });
  t.true(effect < 1e-5, `max change ${effect}`);
  t.true(g.namedWeights.some((w) => w.name === 'reference/z' && !w.trainable), 'the reference batch is kept as a weight');
  // With batch norm the same check fails: the property is VBN's.
  const bnG = new DenseModels().createGenerator(modelSpec([VIRTUAL_BATCH_NORM_LAYERS], [28, 28, 1], 10, { initSeed: 1 }));
  const bnEffect = tf.tidy(() => {
    const first = (companions: tf.Tensor2D) => tf.slice(bnG.apply(tf.concat([z, companions]), ctx), 0, 1);
    return tf.max(tf.abs(tf.sub(first(bnG.sampleLatent(7, random)), first(tf.mul(bnG.sampleLatent(3, random), 0.1))))).dataSync()[0];
  });
  t.true(bnEffect > 1e-3, `batch norm's change ${bnEffect}`);
  tf.dispose([z, ...g.namedWeights.map((w) => w.variable), ...bnG.namedWeights.map((w) => w.variable)]);
});
