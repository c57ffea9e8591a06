/**
 * One training iteration of the real trainer (src/gan/trainer.ts): D step, weight average, G step,
 * with the paper's objectives, on random images (speed does not depend on the pixels).
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFactory } from '../src/core/contracts';
import { BatchSchedule } from '../src/data/batches';
import { hostImageSet } from '../src/data/image-set';
import { RandomStreams } from '../src/engine/random';
import { Adam } from '../src/gan/adam';
import { FEATURE_MATCHING, K_PLUS_ONE, SUPERVISED } from '../src/gan/objectives';
import type { DiscriminatorObjective, GeneratorObjective } from '../src/core/contracts';
import { Trainer } from '../src/gan/trainer';
import { WeightAverage } from '../src/gan/weight-average';
import { modelSpec } from '../src/nn/model-layers';

export interface Iteration {
  /** Runs `n` iterations, then reads the losses once, as the trainer does at a progress point. */
  run(n: number): void;
  dispose(): void;
}

export interface IterationSpec {
  readonly models: ModelFactory;
  readonly imageShape: readonly [number, number, number];
  readonly numClasses: number;
  readonly batchSize: number;
  /** Examples for data-dependent init, as the preset's initExamples. */
  readonly initExamples: number;
}

const LEARNING_RATE = 0.003;
const EMA_RATE = 1e-4;
/** Distinct images in the bench's random data set: enough for one epoch of batches. */
const POOL_BATCHES = 10;

export function trainerIteration(spec: IterationSpec, seed: number): Iteration {
  const { batchSize, numClasses } = spec;
  const models = modelSpec([], spec.imageShape, numClasses, { initSeed: seed });
  const d = spec.models.createDiscriminator(models);
  const g = spec.models.createGenerator(models);
  const random = RandomStreams.fromSeed(seed);
  const pool = POOL_BATCHES * batchSize;
  const images = random.uniform([pool, ...spec.imageShape]) as tf.Tensor4D;
  const labels = Int32Array.from({ length: pool }, (_, i) => i % numClasses);
  tf.tidy(() => d.initialize(images.slice(0, Math.min(pool, spec.initExamples)), { training: true, random }));
  const [h, w, c] = spec.imageShape;
  const imageSet = hostImageSet(images.dataSync() as Float32Array, pool, [h, w, c], { offset: 0, scale: 1 });
  const average = new WeightAverage(d, EMA_RATE);
  const batches = new BatchSchedule(pool, pool, batchSize, POOL_BATCHES);
  const optimizers = [new Adam(d.trainableWeights, { beta1: 0.5 }), new Adam(g.trainableWeights, { beta1: 0.5 })];
  const trainer = new Trainer({
    seed, discriminator: d, generator: g,
    discriminatorObjectives: [SUPERVISED.create(1, {}), K_PLUS_ONE.create(1, {})] as DiscriminatorObjective[],
    generatorObjectives: [FEATURE_MATCHING.create(1, { distance: 'squared' })] as GeneratorObjective[],
    hooks: [], data: { labeledImages: imageSet, labeledLabels: labels, unlabeledImages: imageSet },
    batches, random, epochs: 1,
    discriminatorOptimizer: optimizers[0], generatorOptimizer: optimizers[1],
    learningRate: () => LEARNING_RATE,
  });
  batches.startEpoch(random.shuffle);
  let next = 0;
  return {
    run: (n) => {
      for (let i = 0; i < n; i++) {
        const batch = batches.batch(next);
        next = (next + 1) % POOL_BATCHES;
        trainer.discriminatorStep(batch, LEARNING_RATE);
        average.update();
        trainer.generatorStep(batch, LEARNING_RATE);
      }
      // The trainer's only read-back, done here once per run.
      tf.tidy(() => tf.stack(d.trainableWeights.map((w) => tf.sum(w))).dataSync());
    },
    dispose: () => {
      for (const x of [trainer, average, ...optimizers]) x.dispose();
      tf.dispose([images, ...d.namedWeights.map((w) => w.variable), ...g.namedWeights.map((w) => w.variable)]);
    },
  };
}
