/**
 * A hand-written MNIST feature-matching iteration (D step + G step) on the paper's models, as the
 * authors' code runs it. It stands in for the trainer until src/gan/trainer.ts exists, so the engine
 * can be measured on the real workload: same layers, same shapes, same noise draws.
 */
import * as tf from '@tensorflow/tfjs';
import type { Discriminator, ForwardContext, Generator } from '../src/core/contracts';
import { RandomStreams } from '../src/engine/random';
import { DenseModels } from '../plugins/mnist/models';

export interface Iteration {
  /** Runs one training iteration; the returned losses are read by the caller only when it needs them. */
  step(): tf.Scalar[];
  dispose(): void;
}

/** The MNIST FM iteration on random images in [0, 1] (speed does not depend on the pixels). */
export function mnistFeatureMatchingIteration(batchSize: number, seed: number): Iteration {
  const models = new DenseModels();
  const spec = { imageShape: [28, 28, 1] as [number, number, number], numClasses: 10, options: { initSeed: seed } };
  const d = models.createDiscriminator(spec);
  const g = models.createGenerator(spec);
  const random = RandomStreams.fromSeed(seed);
  const ctx: ForwardContext = { training: true, random };
  const images = random.uniform([10 * batchSize, 28, 28, 1]);
  const labels = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % 10), 'int32');
  d.initialize(images.slice(0, 5 * batchSize), ctx);
  const dOptimizer = tf.train.adam(0.003, 0.5, 0.999, 1e-8);
  const gOptimizer = tf.train.adam(0.003, 0.5, 0.999, 1e-8);
  let cursor = 0;
  const nextBatch = (): tf.Tensor => {
    cursor = (cursor + batchSize) % (10 * batchSize);
    return images.slice(cursor, batchSize);
  };
  return {
    step: () => [discriminatorStep(d, g, ctx, batchSize, nextBatch, labels, dOptimizer), generatorStep(d, g, ctx, batchSize, nextBatch, gOptimizer)],
    dispose: () => {
      tf.dispose([images, labels]);
      dOptimizer.dispose();
      gOptimizer.dispose();
      for (const w of [...d.namedWeights, ...g.namedWeights]) w.variable.dispose();
    },
  };
}

function discriminatorStep(
  d: Discriminator,
  g: Generator,
  ctx: ForwardContext,
  batchSize: number,
  nextBatch: () => tf.Tensor,
  labels: tf.Tensor1D,
  optimizer: tf.Optimizer,
): tf.Scalar {
  return tf.tidy(() => {
    const generated = g.apply(g.sampleLatent(batchSize, ctx.random), ctx);
    const x = tf.concat([nextBatch(), nextBatch(), generated]);
    const loss = optimizer.minimize(() => {
      const { logits } = d.apply(x, ctx);
      const [lab, unl, gen] = tf.split(logits, 3);
      const supervised = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 10), lab);
      const lseUnl = tf.logSumExp(unl, 1);
      const lseGen = tf.logSumExp(gen, 1);
      const unsupervised = tf.mul(0.5, tf.add(tf.sub(tf.mean(tf.softplus(lseUnl)), tf.mean(lseUnl)), tf.mean(tf.softplus(lseGen))));
      return tf.add(supervised, unsupervised) as tf.Scalar;
    }, true, [...d.trainableWeights]);
    return loss!;
  });
}

function generatorStep(
  d: Discriminator,
  g: Generator,
  ctx: ForwardContext,
  batchSize: number,
  nextBatch: () => tf.Tensor,
  optimizer: tf.Optimizer,
): tf.Scalar {
  return tf.tidy(() => {
    const realMean = tf.mean(d.features(nextBatch(), ctx), 0);
    const loss = optimizer.minimize(() => {
      const generatedMean = tf.mean(d.features(g.apply(g.sampleLatent(batchSize, ctx.random), ctx), ctx), 0);
      return tf.mean(tf.squaredDifference(generatedMean, realMean)) as tf.Scalar;
    }, true, [...g.trainableWeights]);
    return loss!;
  });
}
