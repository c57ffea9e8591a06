/**
 * The dataset contract, checked before any tensor exists. `checkAssembleInput` checks the host
 * arrays a loader hands `assembleDataset`: split presence, shapes, pixel counts, labels against
 * the class names, scaling. `checkDataset` checks the Dataset a loader returns, also when the
 * loader built it without assembleDataset. A fault is one DatasetContractError naming the dataset
 * and the field; `loadDataset`, where the framework receives the loader's result, adds the plugin.
 */
import type { Dataset, ImageSet } from '../core/contracts';
import { DatasetContractError } from '../core/errors';
import type { AssembleInput, PixelSet } from './assemble';
import type { ImageShape } from './options';
import { show } from './options';

type Fail = (field: string, problem: string) => DatasetContractError;

const SCALING_NAMES = ['unit', 'symmetric'];

/** Throws the first fault of `input`, the argument of assembleDataset. */
export function checkAssembleInput(input: AssembleInput): void {
  const name = typeof input?.name === 'string' && input.name !== '' ? input.name : '(unnamed)';
  const fail: Fail = (field, problem) => new DatasetContractError(name, field, problem);
  if (name === '(unnamed)') throw fail('name', `must be the dataset's name, got ${show(input?.name)}`);
  const shape = input.shape;
  const shapeOk = Array.isArray(shape) && shape.length === 3 && shape.every((d) => Number.isInteger(d) && d > 0) && (shape[2] === 1 || shape[2] === 3);
  if (!shapeOk) throw fail('shape', `must be [height, width, channels] of positive integers with 1 or 3 channels, got ${show(shape)}`);
  const classCount = checkClassNames(input.classNames, fail);
  if (!SCALING_NAMES.includes(input.scaling)) throw fail('scaling', `must be 'unit' ([0, 1]) or 'symmetric' ([-1, 1]), got ${show(input.scaling)}`);
  if (input.train === undefined) throw fail('train', 'is missing: the labeled training images { pixels, labels, count }');
  checkPixelSet(input.train, 'train', shape, classCount, fail);
  if (input.test === undefined) {
    const f = input.testFraction;
    if (f === undefined) throw fail('test', 'is missing: give test images, or testFraction (a share of every class of train to hold out)');
    if (!(typeof f === 'number' && f > 0 && f < 1)) throw fail('testFraction', `must be a number between 0 and 1, got ${show(f)}`);
  } else {
    checkPixelSet(input.test, 'test', shape, classCount, fail);
  }
  if (input.unlabeled !== undefined) checkPixelSet(input.unlabeled, 'unlabeled', shape, classCount, fail, false);
  if (!Array.isArray(input.sources) || input.sources.some((s) => typeof s !== 'string')) {
    throw fail('sources', `must be a list of the files (or other sources) the data came from, got ${show(input.sources)}`);
  }
}

/** Throws the first fault of the Dataset a loader returned; reads labels, never pixels. */
export function checkDataset(dataset: Dataset): void {
  const name = typeof dataset?.name === 'string' && dataset.name !== '' ? dataset.name : '(unnamed)';
  const fail: Fail = (field, problem) => new DatasetContractError(name, field, problem);
  if (name === '(unnamed)') throw fail('name', `must be the dataset's name, got ${show(dataset?.name)}`);
  const classCount = checkClassNames(dataset.classNames, fail);
  const { scaling } = dataset;
  if (!(Number.isFinite(scaling?.offset) && Number.isFinite(scaling?.scale) && scaling.scale > 0)) {
    throw fail('scaling', `must be { offset, scale } with inputs (p - offset) / scale and scale > 0, got ${show(scaling)}`);
  }
  const shape = checkImageSet(dataset.trainImages, 'trainImages', 1, fail).shape;
  checkLabels(dataset.trainLabels, 'trainLabels', dataset.trainImages.count, classCount, fail);
  checkImageSet(dataset.testImages, 'testImages', 0, fail, shape);
  checkLabels(dataset.testLabels, 'testLabels', dataset.testImages.count, classCount, fail);
  if (dataset.unlabeledImages !== undefined) checkImageSet(dataset.unlabeledImages, 'unlabeledImages', 0, fail, shape);
  if (!Array.isArray(dataset.sources) || dataset.sources.some((s) => typeof s !== 'string')) {
    throw fail('sources', `must be a list of the files (or other sources) the data came from, got ${show(dataset.sources)}`);
  }
}

function checkImageSet(set: unknown, field: string, least: number, fail: Fail, shape?: ImageShape): ImageSet {
  const images = set as Partial<ImageSet> | undefined;
  if (typeof images?.batch !== 'function' || typeof images.writeScaled !== 'function') {
    throw fail(field, `must be an ImageSet (hostImageSet from ssgan/plugin, or assembleDataset's), got ${typeName(set)}`);
  }
  if (!Number.isInteger(images.count) || (images.count as number) < least) {
    throw fail(`${field}.count`, `must be the number of images${least ? `, at least ${least}` : ''}, got ${show(images.count)}`);
  }
  const s = images.shape;
  if (!Array.isArray(s) || s.length !== 3 || !s.every((d) => Number.isInteger(d) && d > 0) || (s[2] !== 1 && s[2] !== 3)) {
    throw fail(`${field}.shape`, `must be [height, width, channels] of positive integers with 1 or 3 channels, got ${show(s)}`);
  }
  if (shape && s.join() !== shape.join()) throw fail(`${field}.shape`, `is ${s.join('x')}, but the training images are ${shape.join('x')}`);
  return images as ImageSet;
}

function checkLabels(labels: unknown, field: string, count: number, classCount: number, fail: Fail): void {
  if (!(labels instanceof Int32Array)) throw fail(field, `must be an Int32Array of class indices, got ${typeName(labels)}`);
  if (labels.length !== count) throw fail(field, `has ${labels.length} labels for ${count} images`);
  for (let i = 0; i < count; i++) {
    if (labels[i] < 0 || labels[i] >= classCount) {
      throw fail(field, `holds ${labels[i]} (image ${i}), outside the class indices 0..${classCount - 1} of the ${classCount} classNames`);
    }
  }
}

/** Every class index 0..K-1 must have training images: a name without images is a class that cannot be learned. */
export function checkEveryClassTrained(name: string, classNames: readonly string[], train: PixelSet): void {
  const counts = new Int32Array(classNames.length);
  for (const y of train.labels) counts[y]++;
  const empty = classNames.map((n, k) => [n, k] as const).filter(([, k]) => counts[k] === 0);
  if (empty.length > 0) {
    const list = empty.map(([n, k]) => `${k} ('${n}')`).join(', ');
    throw new DatasetContractError(name, 'classNames', `lists ${classNames.length} classes, but train has no image of class${empty.length === 1 ? '' : 'es'} ${list}`);
  }
}

function checkClassNames(names: unknown, fail: Fail): number {
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || n === '')) throw fail('classNames', `must be a list of non-empty names, got ${show(names)}`);
  if (names.length < 2) throw fail('classNames', `lists ${names.length === 1 ? '1 class' : 'no classes'}; a classifier needs at least 2`);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw fail('classNames', `names '${twice}' twice`);
  return names.length;
}

/** A split's pixels, and its labels unless `labeled` is false; train must hold at least one image. */
function checkPixelSet(set: unknown, field: string, shape: ImageShape, classCount: number, fail: Fail, labeled = true): void {
  if (typeof set !== 'object' || set === null) throw fail(field, `must be { pixels, labels, count }, got ${show(set)}`);
  const { pixels, labels, count } = set as Partial<PixelSet>;
  const least = field === 'train' ? 1 : 0;
  if (!Number.isInteger(count) || (count as number) < least) {
    throw fail(`${field}.count`, `must be the number of images${least ? ', at least 1' : ''}, got ${show(count)}`);
  }
  const n = count as number;
  if (!(pixels instanceof Uint8Array) && !(pixels instanceof Float32Array)) {
    throw fail(`${field}.pixels`, `must be a Uint8Array (or Float32Array) of pixel values, got ${typeName(pixels)}`);
  }
  const expected = n * shape[0] * shape[1] * shape[2];
  if (pixels.length !== expected) throw fail(`${field}.pixels`, `has ${pixels.length} values; ${n} images of ${shape.join('x')} need ${expected}`);
  if (pixels instanceof Float32Array) {
    const bad = pixels.findIndex((p) => !(p >= 0 && p <= 255));
    if (bad >= 0) throw fail(`${field}.pixels`, `holds ${pixels[bad]} (value ${bad}); pixel values are 0..255`);
  }
  if (!labeled) return;
  if (!(labels instanceof Int32Array)) throw fail(`${field}.labels`, `must be an Int32Array of class indices, got ${typeName(labels)}`);
  if (labels.length !== n) throw fail(`${field}.labels`, `has ${labels.length} labels for ${n} images`);
  for (let i = 0; i < n; i++) {
    if (labels[i] < 0 || labels[i] >= classCount) {
      throw fail(`${field}.labels`, `holds ${labels[i]} (image ${i}), outside the class indices 0..${classCount - 1} of the ${classCount} classNames`);
    }
  }
}

function typeName(value: unknown): string {
  if (value === null || typeof value !== 'object') return show(value);
  return (value as object).constructor?.name ?? 'an object';
}
