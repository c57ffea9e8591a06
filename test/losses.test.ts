import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { classificationError, featureMatchingLoss, kPlusOneUnsupervisedLoss, logSumExp, supervisedLoss } from '../src/gan/losses';

const softplus = (x: number) => Math.log1p(Math.exp(x));
const lse = (row: number[]) => Math.log(row.reduce((a, v) => a + Math.exp(v), 0));

const value = (t: tf.Tensor) => t.dataSync()[0];

test('supervised loss is the softmax cross-entropy over the K real classes', (t) => {
  const logits = [
    [1, 2, 0.5],
    [-1, 0, 3],
  ];
  const labels = [1, 0];
  const expected = logits.reduce((a, row, i) => a + lse(row) - row[labels[i]], 0) / 2;
  const actual = value(supervisedLoss(tf.tensor2d(logits), tf.tensor1d(labels, 'int32')));
  t.true(Math.abs(actual - expected) < 1e-5, `${actual} vs ${expected}`);
});

test('unsupervised K+1 loss matches the hand-computed value, and label smoothing changes only the real part', (t) => {
  const real = [
    [2, 0, -1],
    [0.5, 0.5, 0.5],
  ];
  const fake = [
    [-2, -3, -1],
    [1, -1, 0],
  ];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const lr = real.map(lse);
  const lf = fake.map(lse);
  for (const alpha of [1, 0.9]) {
    const expected = -0.5 * alpha * mean(lr) + 0.5 * mean(lr.map(softplus)) + 0.5 * mean(lf.map(softplus));
    const actual = value(kPlusOneUnsupervisedLoss(tf.tensor2d(real), tf.tensor2d(fake), alpha));
    t.true(Math.abs(actual - expected) < 1e-5, `alpha ${alpha}: ${actual} vs ${expected}`);
  }
});

test('the unsupervised loss falls when real images score higher and generated ones lower', (t) => {
  const good = value(kPlusOneUnsupervisedLoss(tf.fill([4, 10], 10) as tf.Tensor2D, tf.fill([4, 10], -10) as tf.Tensor2D));
  const bad = value(kPlusOneUnsupervisedLoss(tf.fill([4, 10], -5) as tf.Tensor2D, tf.fill([4, 10], 5) as tf.Tensor2D));
  t.true(good < 0.01, `confident and right: ${good}`);
  t.true(bad > 5, `confident and wrong: ${bad}`);
});

test('logsumexp and the losses stay finite for logits of +-1000', (t) => {
  const huge = tf.tensor2d([
    [1000, -1000, 999],
    [-1000, -1000, -1000],
  ]);
  const l = logSumExp(huge).dataSync();
  t.true(Math.abs(l[0] - (1000 + Math.log1p(Math.exp(-1)))) < 1e-3, `lse row 0: ${l[0]}`);
  t.true(Math.abs(l[1] - (-1000 + Math.log(3))) < 1e-3, `lse row 1: ${l[1]}`);
  const sup = value(supervisedLoss(huge, tf.tensor1d([1, 0], 'int32')));
  const unl = value(kPlusOneUnsupervisedLoss(huge, huge));
  t.true(Number.isFinite(sup) && Math.abs(sup - (2000 + Math.log1p(Math.exp(-1)) + Math.log(3)) / 2) < 1e-2, `supervised ${sup}`);
  t.true(Number.isFinite(unl), `unsupervised ${unl}`);
});

test('feature matching: squared and absolute distance of the batch means', (t) => {
  const real = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]); // means 2, 3
  const fake = tf.tensor2d([
    [0, 0],
    [2, 0],
  ]); // means 1, 0
  t.true(Math.abs(value(featureMatchingLoss(real, fake, 'squared')) - (1 + 9) / 2) < 1e-6);
  t.true(Math.abs(value(featureMatchingLoss(real, fake, 'absolute')) - (1 + 3) / 2) < 1e-6);
  t.is(value(featureMatchingLoss(real, real, 'squared')), 0);
});

test('classification error counts argmax mismatches', (t) => {
  const logits = tf.tensor2d([
    [0, 1],
    [1, 0],
    [0, 2],
    [3, 0],
  ]);
  t.is(value(classificationError(logits, tf.tensor1d([1, 0, 0, 1], 'int32'))), 0.5);
});
