import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { ImageSet, PixelScaling } from '../src/core/contracts';
import { SCALINGS, toImageTensor } from '../src/data/assemble';
import { concatImageSets, hostImageSet, indexRange, scalingTable, selectImages } from '../src/data/image-set';
import { Rng } from '../src/engine/random';

const SHAPE = [4, 3, 2] as const;
const SIZE = 4 * 3 * 2;
/** Every scaling a loader uses: MNIST and the 'unit' option, SVHN and 'symmetric', CIFAR-10's. */
const SCALINGS_IN_USE: Record<string, PixelScaling> = { ...SCALINGS, cifar10: { offset: 127.5, scale: 128 } };

/** `count` images whose pixels run through every byte value. */
function bytes(count: number, seed: number): Uint8Array {
  const pixels = new Uint8Array(count * SIZE);
  const rng = new Rng(seed);
  for (let i = 0; i < pixels.length; i++) pixels[i] = i < 256 ? i : rng.nextUint32() & 255;
  return pixels;
}

/** The rows of today's whole float32 tensor at `indices`, as raw bits. */
function gathered(whole: tf.Tensor4D, indices: ArrayLike<number>): Uint32Array {
  const rows = tf.tidy(() => tf.gather(whole, tf.tensor1d(Array.from(indices), 'int32')));
  const bits = new Uint32Array(rows.dataSync().slice().buffer);
  rows.dispose();
  return bits;
}

function batchBits(set: ImageSet, indices: ArrayLike<number>): Uint32Array {
  const batch = set.batch(indices);
  const bits = new Uint32Array(batch.dataSync().slice().buffer);
  batch.dispose();
  return bits;
}

const indices = [7, 0, 19, 3, 3, 12, 1];

for (const [name, scaling] of Object.entries(SCALINGS_IN_USE)) {
  test(`a uint8 set's batch is the gather of the float32 tensor, bit for bit (${name} scaling)`, (t) => {
    const pixels = bytes(20, 1);
    const whole = toImageTensor(pixels, 20, SHAPE, scaling);
    const set = hostImageSet(pixels, 20, SHAPE, scaling);
    t.deepEqual(batchBits(set, indices), gathered(whole, indices));
    const batch = set.batch(indices);
    t.deepEqual(batch.shape, [indices.length, ...SHAPE]);
    tf.dispose([batch, whole]);
  });
}

test("the table is also what the MNIST, CIFAR-10 and SVHN loaders computed: (p - offset) / scale", (t) => {
  for (const scaling of Object.values(SCALINGS_IN_USE)) {
    const table = scalingTable(scaling);
    const divided = Float32Array.from({ length: 256 }, (_, p) => (p - scaling.offset) / scaling.scale);
    t.deepEqual(new Uint32Array(table.buffer), new Uint32Array(divided.buffer));
  }
});

test('a float32 set with fractional pixels keeps them and batches them bit for bit', (t) => {
  const pixels = Float32Array.from(bytes(20, 2), (p, i) => p * (i % 3 === 0 ? 0.37 : 1) + (i % 5 === 0 ? 0.5 : 0));
  for (const scaling of Object.values(SCALINGS_IN_USE)) {
    const whole = toImageTensor(pixels, 20, SHAPE, scaling);
    t.deepEqual(batchBits(hostImageSet(pixels, 20, SHAPE, scaling), indices), gathered(whole, indices));
    whole.dispose();
  }
});

test('float32 pixels that are whole bytes give the same batches (held as uint8)', (t) => {
  const pixels = Float32Array.from(bytes(20, 3));
  const scaling = SCALINGS.symmetric;
  const whole = toImageTensor(pixels, 20, SHAPE, scaling);
  t.deepEqual(batchBits(hostImageSet(pixels, 20, SHAPE, scaling), indices), gathered(whole, indices));
  whole.dispose();
});

test('joined sets read as the concatenation of their tensors, and a selection as its gather', (t) => {
  const scaling = SCALINGS.symmetric;
  const [a, b] = [bytes(6, 4), bytes(9, 5)];
  const joined = concatImageSets([hostImageSet(a, 6, SHAPE, scaling), hostImageSet(b, 9, SHAPE, scaling)]);
  t.is(joined.count, 15);
  const whole = tf.concat([toImageTensor(a, 6, SHAPE, scaling), toImageTensor(b, 9, SHAPE, scaling)]);
  const order = [14, 0, 5, 6, 8, 2];
  t.deepEqual(batchBits(joined, order), gathered(whole, order));
  const picked = selectImages(joined, Int32Array.from([9, 5, 6]));
  t.deepEqual(batchBits(picked, [2, 0]), gathered(whole, [6, 9]));
  t.deepEqual(batchBits(joined, indexRange(4, 3)), gathered(whole, [4, 5, 6]));
  whole.dispose();
});

test('an index outside the set is an error, not a wrong image', (t) => {
  const set = hostImageSet(bytes(5, 6), 5, SHAPE, SCALINGS.unit);
  t.throws(() => set.batch([0, 5]), { instanceOf: RangeError, message: /image 5 is outside 0\.\.4/ });
  t.throws(() => selectImages(set, Int32Array.from([-1])), { instanceOf: RangeError });
  t.throws(() => hostImageSet(new Uint8Array(10), 5, SHAPE, SCALINGS.unit), { message: /10 pixel values for 5 images/ });
});

test('a batch is the only tensor an image set makes, and it leaks nothing', (t) => {
  const before = tf.memory().numTensors;
  const set = hostImageSet(bytes(50, 7), 50, SHAPE, SCALINGS.unit);
  t.is(tf.memory().numTensors, before);
  set.batch(indexRange(0, 50)).dispose();
  t.is(tf.memory().numTensors, before);
});
