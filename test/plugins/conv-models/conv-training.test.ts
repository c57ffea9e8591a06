/**
 * Short training runs of the CIFAR-10 and SVHN conv models with the real trainer on plain wasm
 * (the conv-gradient kernels of src/engine/conv-gradient-kernels.ts, no native addon) on a small
 * synthetic colour set: the discriminator's loss falls and no tensor is left behind. The learning
 * run narrows the channels (same layers, same kernels) to keep the test short; two iterations
 * at the paper's widths checks that those build, train and free their tensors too.
 */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { DiscriminatorObjective, GeneratorObjective, ModelFactory } from '../../../src/core/contracts';
import { BatchSchedule } from '../../../src/data/batches';
import { imageSetOf } from '../../helpers/image-sets';
import { RandomStreams } from '../../../src/engine/random';
import { registerWasmKernelFixes } from '../../../src/engine/wasm-kernels';
import { Adam } from '../../../src/gan/adam';
import { FEATURE_MATCHING, K_PLUS_ONE, SUPERVISED } from '../../../src/gan/objectives';
import { Trainer } from '../../../src/gan/trainer';
import { modelSpec } from '../../../src/nn/model-layers';
import { CIFAR10_MODELS, SVHN_MODELS } from '../../../plugins/conv-models/models';

const CLASSES = 10;
/** A quarter of the paper's channels. */
const NARROW: Record<string, Record<string, unknown>> = {
  'cifar10-conv': { firstWidth: 24, width: 48, generatorChannels: [128, 64, 32] },
  'svhn-conv': { firstWidth: 16, width: 32, generatorChannels: [128, 64, 32] },
};

test.before(async () => {
  registerWasmKernelFixes();
  await tf.setBackend('wasm');
});

/** Class k: its own colour and stripe frequency, plus noise; pixels in [-1, 1]. */
function syntheticImages(count: number, random: RandomStreams): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  return tf.tidy(() => {
    const labels = Int32Array.from({ length: count }, (_, i) => i % CLASSES);
    const k = tf.tensor(labels, [count, 1, 1, 1], 'float32');
    const columns = tf.range(0, 32).reshape([1, 1, 32, 1]);
    const stripes = tf.sin(tf.mul(columns, tf.add(k, 1).mul(0.3)));
    const colour = tf.sin(tf.add(k.mul(0.7), tf.tensor([0, 2, 4]).reshape([1, 1, 1, 3])));
    const clean = tf.add(stripes.mul(0.5), colour.mul(0.4)).tile([1, 32, 1, 1]);
    const images = tf.clipByValue(tf.add(clean, random.normal([count, 32, 32, 3], 0.3)), -1, 1) as tf.Tensor4D;
    return { images, labels: tf.tensor1d(labels, 'int32') };
  });
}

interface RunResult {
  /** Mean discriminator loss (supervised + unsupervised) of each epoch. */
  readonly discriminatorLoss: number[];
  readonly supervisedLoss: number[];
  /** Tensors that training itself left behind (models, data and optimisers exist before and after). */
  readonly tensorsLeft: number;
}

interface RunSpec {
  readonly epochs: number;
  readonly iterationsPerEpoch: number;
  readonly batchSize: number;
  readonly learningRate: number;
}

async function train(models: ModelFactory, options: Record<string, unknown>, run: RunSpec): Promise<RunResult> {
  const { epochs, iterationsPerEpoch, batchSize, learningRate } = run;
  const random = RandomStreams.fromSeed(5);
  const spec = modelSpec([], [32, 32, 3], CLASSES, { ...options, initSeed: 5 });
  const d = models.createDiscriminator(spec);
  const g = models.createGenerator(spec);
  const { images, labels } = syntheticImages(20 * batchSize, random);
  tf.tidy(() => d.initialize(images.slice(0, 4 * batchSize), { training: true, random }));
  const imageSet = imageSetOf(images);
  const batches = new BatchSchedule(images.shape[0], images.shape[0], batchSize, iterationsPerEpoch);
  const optimizers = [new Adam(d.trainableWeights, { beta1: 0.5 }), new Adam(g.trainableWeights, { beta1: 0.5 })];
  const trainer = new Trainer({
    seed: 5, discriminator: d, generator: g,
    discriminatorObjectives: [SUPERVISED.create(1, {}), K_PLUS_ONE.create(1, {})] as DiscriminatorObjective[],
    generatorObjectives: [FEATURE_MATCHING.create(1, { distance: 'absolute' })] as GeneratorObjective[],
    hooks: [], data: { labeledImages: imageSet, labeledLabels: labels.dataSync() as Int32Array, unlabeledImages: imageSet },
    batches, random, epochs,
    discriminatorOptimizer: optimizers[0], generatorOptimizer: optimizers[1],
    learningRate: () => learningRate,
  });
  const discriminatorLoss: number[] = [];
  const supervisedLoss: number[] = [];
  const before = tf.memory().numTensors;
  await trainer.train({
    progressEvery: iterationsPerEpoch,
    onProgress: ({ losses }) => {
      discriminatorLoss.push(losses[SUPERVISED.name] + losses[K_PLUS_ONE.name]);
      supervisedLoss.push(losses[SUPERVISED.name]);
    },
  });
  trainer.dispose();
  const tensorsLeft = tf.memory().numTensors - before;
  for (const x of optimizers) x.dispose();
  tf.dispose([images, labels, ...d.namedWeights.map((w) => w.variable), ...g.namedWeights.map((w) => w.variable)]);
  return { discriminatorLoss, supervisedLoss, tensorsLeft };
}

for (const models of [CIFAR10_MODELS, SVHN_MODELS]) {
  test.serial(`${models.name}: a short run lowers the discriminator's loss and leaks no tensors`, async (t) => {
    const { discriminatorLoss, supervisedLoss, tensorsLeft } = await train(models, NARROW[models.name], { epochs: 6, iterationsPerEpoch: 6, batchSize: 16, learningRate: 0.002 });
    t.log(`discriminator loss per epoch: ${discriminatorLoss.map((l) => l.toFixed(3)).join(' ')}`);
    t.log(`of which supervised: ${supervisedLoss.map((l) => l.toFixed(3)).join(' ')}`);
    t.is(discriminatorLoss.length, 6);
    t.true(discriminatorLoss.every(Number.isFinite));
    const first = discriminatorLoss[0];
    const last = (discriminatorLoss[4] + discriminatorLoss[5]) / 2;
    t.true(last < first - 0.2, `loss fell from ${first.toFixed(3)} to ${last.toFixed(3)}`);
    t.is(tensorsLeft, 0);
  });

  test.serial(`${models.name}: at the paper's widths it trains and leaks no tensors`, async (t) => {
    const { discriminatorLoss, tensorsLeft } = await train(models, {}, { epochs: 1, iterationsPerEpoch: 2, batchSize: 4, learningRate: 0.0003 });
    t.true(discriminatorLoss.length === 1 && Number.isFinite(discriminatorLoss[0]));
    t.is(tensorsLeft, 0);
  });
}
