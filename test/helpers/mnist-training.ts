/** A real MNIST training setup built from the framework's parts, for tests that train. */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, DiscriminatorObjective, GeneratorObjective, TrainingHook } from '../../src/core/contracts';
import { BatchSchedule } from '../../src/data/batches';
import { selectImages } from '../../src/data/image-set';
import { LabeledSubsetSampler } from '../../src/data/sampler';
import { RandomStreams, Rng } from '../../src/engine/random';
import { Adam } from '../../src/gan/adam';
import { FEATURE_MATCHING, K_PLUS_ONE, SUPERVISED } from '../../src/gan/objectives';
import { Trainer } from '../../src/gan/trainer';
import { WeightAverage } from '../../src/gan/weight-average';
import { modelSpec } from '../../src/nn/model-layers';
import { DenseModels } from '../../plugins/mnist/models';
import { MnistLoader } from '../../plugins/mnist/mnist-loader';

let mnist: Promise<Dataset> | undefined;

/** The embedded MNIST, loaded once per test file. */
export function loadMnist(): Promise<Dataset> {
  mnist ??= new MnistLoader().load({});
  return mnist;
}

export interface TrainingSetup {
  readonly trainer: Trainer;
  readonly average: WeightAverage;
  readonly random: RandomStreams;
  readonly discriminator: ReturnType<DenseModels['createDiscriminator']>;
  readonly generator: ReturnType<DenseModels['createGenerator']>;
  dispose(): void;
}

export interface SetupOptions {
  readonly iterations: number;
  readonly seed?: number;
  readonly labels?: number;
  readonly supervisedWeight?: number;
  readonly unlabeledWeight?: number;
  /** false: the supervised term alone, no K+1 term and no generator step (the baseline the GAN must beat). */
  readonly semiSupervised?: boolean;
  /** Epochs of `iterations` each (default 1); hooks see each epoch's end. */
  readonly epochs?: number;
  readonly hooks?: readonly TrainingHook[];
}

/** The paper's MNIST recipe (100 labels, lr 0.003, batch 100) for `iterations` iterations. */
export async function mnistTraining(o: SetupOptions): Promise<TrainingSetup> {
  const ds = await loadMnist();
  const seed = o.seed ?? 1;
  const semiSupervised = o.semiSupervised ?? true;
  const spec = modelSpec([], [28, 28, 1], 10, { initSeed: seed });
  const models = new DenseModels();
  const discriminator = models.createDiscriminator(spec);
  const generator = models.createGenerator(spec);
  const random = RandomStreams.fromSeed(seed);
  const picked = new LabeledSubsetSampler(ds.trainLabels, 10).sample(o.labels ?? 100, seed);
  const labeledImages = selectImages(ds.trainImages, picked);
  const labeledLabels = Int32Array.from(picked, (i) => ds.trainLabels[i]);
  tf.tidy(() => {
    const initBatch = new Rng(seed + 1).permutation(ds.trainLabels.length).subarray(0, 500);
    discriminator.initialize(ds.trainImages.batch(initBatch), { training: true, random });
  });
  const average = new WeightAverage(discriminator, 1e-4);
  const dAdam = new Adam(discriminator.trainableWeights, { beta1: 0.5 });
  const gAdam = new Adam(generator.trainableWeights, { beta1: 0.5 });
  const batches = new BatchSchedule(picked.length, ds.trainLabels.length, 100, o.iterations);
  const trainer = new Trainer({
    seed,
    discriminator,
    generator,
    discriminatorObjectives: [
      SUPERVISED.create(o.supervisedWeight ?? 1, {}) as DiscriminatorObjective,
      ...(semiSupervised ? [K_PLUS_ONE.create(o.unlabeledWeight ?? 1, {}) as DiscriminatorObjective] : []),
    ],
    generatorObjectives: semiSupervised ? [FEATURE_MATCHING.create(1, { distance: 'squared' }) as GeneratorObjective] : [],
    hooks: [average.hook(), ...(o.hooks ?? [])],
    data: { labeledImages, labeledLabels, unlabeledImages: ds.trainImages },
    batches,
    random,
    epochs: o.epochs ?? 1,
    discriminatorOptimizer: dAdam,
    generatorOptimizer: gAdam,
    learningRate: () => 0.003,
  });
  return {
    trainer,
    average,
    random,
    discriminator,
    generator,
    dispose: () => {
      for (const x of [trainer, dAdam, gAdam, average]) x.dispose();
      tf.dispose([...discriminator.namedWeights, ...generator.namedWeights].map((w) => w.variable));
    },
  };
}
