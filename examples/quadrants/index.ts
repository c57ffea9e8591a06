/**
 * A complete ssgan plugin: a dataset of 16x16 images with a bright square in one of four
 * quadrants, generated from a seed, and a preset that trains on it. docs/own-dataset.md walks
 * through it.
 */
import { type DatasetLoader, type PixelSet, OptionReader, assembleDataset, definePlugin, recipe } from 'ssgan/plugin';

const SIZE = 16;
const QUADRANTS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];

/** `perClass` images of each quadrant: a square of side 3 to 6 at a random place and brightness. */
function drawSquares(perClass: number, seed: number): PixelSet {
  const count = perClass * QUADRANTS.length;
  const pixels = new Uint8Array(count * SIZE * SIZE);
  const labels = new Int32Array(count);
  let state = seed;
  const random = (n: number) => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) % n;
  for (let i = 0; i < count; i++) {
    const quadrant = (labels[i] = i % QUADRANTS.length);
    const side = 3 + random(4);
    const top = (quadrant >= 2 ? SIZE / 2 : 0) + random(SIZE / 2 - side + 1);
    const left = (quadrant % 2 === 1 ? SIZE / 2 : 0) + random(SIZE / 2 - side + 1);
    const ink = 128 + random(128);
    for (let y = top; y < top + side; y++) {
      for (let x = left; x < left + side; x++) pixels[(i * SIZE + y) * SIZE + x] = ink;
    }
  }
  return { pixels, labels, count };
}

const quadrants: DatasetLoader = {
  name: 'quadrants',
  description: '16x16 images of a square in one of four quadrants, generated from a seed',
  async load(options) {
    const o = new OptionReader('quadrants', options);
    o.allowOnly(['perClass', 'seed']);
    const perClass = o.number('perClass', 300, { min: 1, integer: true });
    const seed = o.number('seed', 1, { integer: true });
    return assembleDataset({
      name: 'quadrants', shape: [SIZE, SIZE, 1], classNames: QUADRANTS, scaling: 'unit',
      train: drawSquares(perClass, seed), test: drawSquares(50, seed + 1), sources: ['generated'],
    });
  },
};

export default definePlugin({
  datasets: [quadrants],
  presets: [{
    name: 'quadrants-fm',
    description: 'quadrants: the paper\'s recipe with 20 labels, 10 epochs and a faster weight average',
    config: recipe({ preset: 'quadrants-fm', dataset: 'quadrants', model: 'auto', labels: 20, epochs: 10, learningRate: 0.003, emaRate: 0.01 }),
  }],
});
