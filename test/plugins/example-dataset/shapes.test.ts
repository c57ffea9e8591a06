/**
 * The example plugin's shapes dataset, which docs/own-dataset.md tells users to copy: drawn from its
 * seed (the same seed, the same pixels), the sizes its options ask for, four classes that differ
 * in what a classifier can see, and options outside their range refused with the option's name.
 */
import test from 'ava';
import { dims, imageValues } from '../../helpers/image-sets';
import { SHAPE_NAMES, ShapesLoader } from '../../../plugins/example-dataset/shapes';

const loader = new ShapesLoader();

function pixelsOf(set: Parameters<typeof imageValues>[0]): Float32Array {
  const all = new Float32Array(set.count * 256);
  for (let i = 0; i < set.count; i++) all.set(imageValues(set, i), i * 256);
  return all;
}

test('the options size both splits, classes interleaved, pixels in [0, 1]', async (t) => {
  const d = await loader.load({ trainPerClass: 5, testPerClass: 2 });
  t.deepEqual(dims(d.trainImages), [20, 16, 16, 1]);
  t.deepEqual(dims(d.testImages), [8, 16, 16, 1]);
  t.deepEqual(Array.from(d.trainLabels.subarray(0, 8)), [0, 1, 2, 3, 0, 1, 2, 3]);
  t.deepEqual(d.classNames, [...SHAPE_NAMES]);
  const pixels = pixelsOf(d.trainImages);
  t.true(pixels.every((v) => v >= 0 && v <= 1));
  t.true(pixels.some((v) => v > 0.6), 'every shape is inked at 160..255');
});

test('the same seed draws the same pixels; another seed draws others', async (t) => {
  const a = pixelsOf((await loader.load({ trainPerClass: 10, seed: 3 })).trainImages);
  const b = pixelsOf((await loader.load({ trainPerClass: 10, seed: 3 })).trainImages);
  const c = pixelsOf((await loader.load({ trainPerClass: 10, seed: 4 })).trainImages);
  t.deepEqual(a, b);
  t.notDeepEqual(a, c);
});

test('the four classes differ as drawn: a square has the most ink; a ring seldom inks its centre, a square and a cross always do', async (t) => {
  const d = await loader.load({ trainPerClass: 200, testPerClass: 1 });
  const ink = [0, 0, 0, 0];
  const centre = [0, 0, 0, 0];
  for (let i = 0; i < d.trainImages.count; i++) {
    const image = imageValues(d.trainImages, i);
    const y = d.trainLabels[i];
    ink[y] += image.filter((v) => v > 0).length;
    centre[y] += image[8 * 16 + 8] > 0 ? 1 : 0;
  }
  t.is(Math.max(...ink), ink[0], `inked pixels per class: ${ink.join(', ')}`);
  t.true(centre[1] < 60, `rings of 200 inked at the centre: ${centre[1]}`);
  t.is(centre[0], 200, 'a square always covers its centre');
  t.is(centre[3], 200, 'so does a cross');
});

test('an option out of range or unknown is refused, naming it', async (t) => {
  await t.throwsAsync(loader.load({ trainPerClass: 0 }), { message: /trainPerClass/ });
  await t.throwsAsync(loader.load({ testPerClass: 2.5 }), { message: /testPerClass/ });
  await t.throwsAsync(loader.load({ colour: true }), { message: /colour/ });
});
