/**
 * The MNIST plugin: the loader reads the embedded IDX files as MNIST is (its class counts, its
 * pixels, scaled to [0, 1]); the preset holds the authors' recipe, so a reproduction trains what the
 * paper trained; a folder without the files is one error naming the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { DatasetFormatError } from '../../../src/core/errors';
import { dims, imageValues } from '../../helpers/image-sets';
import { MnistLoader } from '../../../plugins/mnist/mnist-loader';
import { MNIST_FEATURE_MATCHING } from '../../../plugins/mnist/presets';

// MNIST's images per class (LeCun et al.), training and test split.
const TRAIN_PER_CLASS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_PER_CLASS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

function perClass(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const y of labels) counts[y] += 1;
  return counts;
}

test('the loader reads the embedded MNIST: 60,000 + 10,000 images of 28x28x1, MNIST\'s class counts, pixels in [0, 1]', async (t) => {
  const mnist = await new MnistLoader().load({});
  t.deepEqual(dims(mnist.trainImages), [60000, 28, 28, 1]);
  t.deepEqual(dims(mnist.testImages), [10000, 28, 28, 1]);
  t.deepEqual(perClass(mnist.trainLabels), TRAIN_PER_CLASS);
  t.deepEqual(perClass(mnist.testLabels), TEST_PER_CLASS);
  t.deepEqual(mnist.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  t.deepEqual(mnist.scaling, { offset: 0, scale: 255 });
  // The first training image is a 5 whose brightest pixels are 255 (1 once scaled) on a 0 ground.
  t.is(mnist.trainLabels[0], 5);
  const first = imageValues(mnist.trainImages, 0);
  t.is(Math.max(...first), 1);
  t.is(Math.min(...first), 0);
  t.is(first.filter((v) => v > 0).length, 166, 'the ink of the first image, pixel for pixel');
});

test('a folder without the IDX files is one error naming the missing file', async (t) => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-mnist-'));
  const error = await t.throwsAsync(new MnistLoader().load({ dataDir: empty }), { instanceOf: DatasetFormatError });
  t.is(error?.message, `${path.join(empty, 'train-images-idx3-ubyte')}: missing (looked for it raw and as .gz)`);
});

test('mnist-fm is the authors\' recipe (train_mnist_feature_matching.py): its schedule, optimiser, averaging, init and losses', (t) => {
  t.like(MNIST_FEATURE_MATCHING.config, {
    dataset: 'mnist',
    model: 'mnist-dense',
    labels: 100,
    epochs: 300,
    iterationsPerEpoch: 0, // one pass over the 60,000 training images: 600 batches
    batchSize: 100,
    learningRate: 0.003,
    lrDecayStartEpoch: null, // constant
    adamBeta1: 0.5,
    emaRate: 1e-4,
    initExamples: 500,
  });
  t.deepEqual(MNIST_FEATURE_MATCHING.config.discriminatorObjectives.map((o) => [o.name, o.weight]), [['supervised', 1], ['k-plus-one', 1]]);
  // The authors' generator loss: the mean squared distance of the mean features.
  t.deepEqual(MNIST_FEATURE_MATCHING.config.generatorObjectives, [{ name: 'feature-matching', weight: 1, options: { distance: 'squared' } }]);
  t.like(MNIST_FEATURE_MATCHING.published?.[100], { mean: 0.93, std: 0.065 });
});
