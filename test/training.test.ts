/**
 * Training on the real embedded MNIST with the wasm backend. Budgets are small enough for CI;
 * thresholds come from measurement (see each test).
 */
import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import { selectBackend } from '../src/engine/backend';
import { indexRange, selectImages } from '../src/data/image-set';
import { classificationErrorPercent } from '../src/eval/error';
import { logSumExp } from '../src/gan/losses';
import * as os from 'node:os';
import { loadPlugins } from '../src/cli/setup';
import { resolveConfig } from '../src/runner/config';
import { ProgressPrinter } from '../src/store/progress';
import { RunFolder } from '../src/store/run-folder';
import { trainSeed } from '../src/seed/seed-run';
import { loadMnist, mnistTraining } from './helpers/mnist-training';
import { testSetEvaluator } from '../src/eval/seed-evaluator';

test.before(async () => {
  await selectBackend('wasm');
});

test.serial('training leaks no tensors: the count and the bytes stay flat over 1000 iterations', async (t) => {
  const setup = await mnistTraining({ iterations: 1000 });
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const bytes: number[] = [];
  await setup.trainer.train({
    progressEvery: 100,
    onProgress: () => {
      counts.push(tf.memory().numTensors);
      bytes.push(tf.memory().numBytes);
    },
  });
  setup.trainer.dispose();
  t.is(tf.memory().numTensors, before, `tensor counts at progress points: ${counts.join(', ')}`);
  t.is(new Set(counts).size, 1, `tensor count drifts during training: ${counts.join(', ')}`);
  t.is(new Set(bytes).size, 1, `tensor bytes drift during training: ${bytes.join(', ')}`);
  setup.dispose();
});

test.serial('a whole seed (models, optimisers, average, grids, checkpoints) leaves no tensors behind', async (t) => {
  const { registry } = loadPlugins();
  const { config } = resolveConfig(registry, { epochs: 2, iterationsPerEpoch: 3, seeds: 2 });
  const dataset = await loadMnist();
  const folder = RunFolder.create(os.tmpdir(), 'leak', `leak-${process.pid}-${Date.now()}`);
  folder.writeJson('config.json', { config });
  const progress = new ProgressPrinter(process.stderr, Number.POSITIVE_INFINITY);
  for (const index of [0, 1]) {
    const before = tf.memory().numTensors;
    await trainSeed({ config, registry, dataset, folder, index, progress, evaluator: testSetEvaluator });
    t.is(tf.memory().numTensors, before, `seed index ${index}`);
  }
});

test.serial('the same seed gives the same losses; another seed different ones', async (t) => {
  const losses = async (seed: number) => {
    const setup = await mnistTraining({ iterations: 20, seed });
    let last: Record<string, number> = {};
    await setup.trainer.train({ progressEvery: 20, onProgress: (r) => (last = { ...r.losses }) });
    setup.dispose();
    return last;
  };
  const a = await losses(5);
  const b = await losses(5);
  const c = await losses(6);
  t.deepEqual(a, b);
  t.notDeepEqual(a, c);
});

test.serial('the unsupervised K+1 loss alone teaches D to score real images above generated ones', async (t) => {
  // No labels used at all: only the real-vs-generated term. Measured (seed 1, 60 iterations):
  // a gap of 6.4 in mean logsumexp; with the term's sign flipped, -5e5.
  const setup = await mnistTraining({ iterations: 60, supervisedWeight: 0 });
  await setup.trainer.train();
  const ds = await loadMnist();
  const ctx = { training: false, random: setup.random };
  const gap = tf.tidy(() => {
    const real = logSumExp(setup.discriminator.apply(ds.testImages.batch(indexRange(0, 500)), ctx).logits);
    const fake = logSumExp(setup.discriminator.apply(setup.generator.apply(setup.generator.sampleLatent(500, setup.random), ctx), ctx).logits);
    return tf.sub(tf.mean(real), tf.mean(fake)).dataSync()[0];
  });
  setup.dispose();
  t.true(gap > 2, `mean logsumexp(real) - mean logsumexp(generated) = ${gap}`);
});

test.serial('300 iterations on 100 labels classify MNIST far better than chance', async (t) => {
  // Measured (seed 1): 23.3% raw, 23.9% averaged after 300 iterations; with the unsupervised
  // loss's sign flipped: 90%. This budget checks that the recipe learns; the gain over labels
  // alone needs more iterations (the next test).
  const setup = await mnistTraining({ iterations: 300 });
  await setup.trainer.train();
  const ds = await loadMnist();
  const raw = await classificationErrorPercent(setup.discriminator, ds.testImages, ds.testLabels, setup.random);
  const averaged = await setup.average.withAveragedWeights(() =>
    classificationErrorPercent(setup.discriminator, ds.testImages, ds.testLabels, setup.random),
  );
  setup.dispose();
  t.true(raw < 35, `raw-weight test error ${raw}%`);
  t.true(averaged < 35, `averaged-weight test error ${averaged}%`);
});

test.serial('the semi-supervised gain is real: the K+1 loss and the generator beat the labels alone by a clear margin', async (t) => {
  // The same 100 labels, D and budget; the baseline has the supervised term only and no G step.
  // Measured on the first 2000 test images, averaged weights, semi-supervised vs supervised only,
  // after 600 / 1200 / 1800 / 2400 / 3000 iterations (epochs of 600):
  //   seed 1: 28.1 vs 42.8, 25.6 vs 30.4, 24.3 vs 28.9, 24.1 vs 28.5, 23.1 vs 28.6
  //   seed 2: 24.9 vs 25.9, 22.3 vs 25.2, 21.7 vs 25.0, 20.4 vs 25.0, 19.1 vs 24.4
  // The labels alone level off near 25-29%; the gain grows with the budget (3-5.5 points from
  // 1200 iterations). Two epochs of seed 1 (a gap of 4.8) keep this near two minutes on two cores.
  const dataset = await loadMnist();
  const testImages = selectImages(dataset.testImages, indexRange(0, 2000));
  const testLabels = dataset.testLabels.slice(0, 2000);
  const averagedError = async (semiSupervised: boolean) => {
    const setup = await mnistTraining({ iterations: 600, epochs: 2, seed: 1, semiSupervised });
    await setup.trainer.train();
    const error = await setup.average.withAveragedWeights(() => classificationErrorPercent(setup.discriminator, testImages, testLabels, setup.random));
    setup.dispose();
    return error;
  };
  const semiSupervised = await averagedError(true);
  const supervisedOnly = await averagedError(false);
  t.true(semiSupervised < supervisedOnly - 2, `semi-supervised ${semiSupervised}%, supervised only ${supervisedOnly}%`);
});
