/**
 * Turns decoded pixels and labels from a user's files into a Dataset: class naming, a seeded test
 * split, pixel scaling and image sets. Shared by the csv and image-folder loaders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Dataset, PixelScaling } from '../core/contracts';
import { ConfigError } from '../core/errors';
import { Rng } from '../engine/random';
import { hostImageSet } from './image-set';
import { checkAssembleInput, checkEveryClassTrained } from './dataset-contract';
import type { ImageShape } from './options';

/** Images of one split held on the host: `count` images, HWC order, pixel values in [0, 255]. */
export interface PixelSet {
  readonly pixels: Uint8Array | Float32Array;
  /** Class index of each image. */
  readonly labels: Int32Array;
  readonly count: number;
}

export const SCALING_NAMES = ['unit', 'symmetric'] as const;
export type ScalingName = (typeof SCALING_NAMES)[number];

export const SCALINGS: Record<ScalingName, PixelScaling> = {
  unit: { offset: 0, scale: 255 },
  symmetric: { offset: 127.5, scale: 127.5 },
};

/**
 * [0, 1] for grayscale and [-1, 1] for colour: the output ranges of the generators the 'auto' model
 * picks for those shapes (sigmoid dense for grayscale, tanh conv for colour).
 */
export function defaultScaling(shape: ImageShape): ScalingName {
  return shape[2] === 1 ? 'unit' : 'symmetric';
}

/** A Dataset that also says which input files were skipped as undecodable. */
/**
 * Class names and indices for raw label strings: numbers sort numerically, anything else as text.
 * `names`, when given, renames the classes in that sorted order.
 */
export function indexLabels(raw: readonly string[], names?: readonly string[]): { classNames: string[]; index: Map<string, number> } {
  const distinct = [...new Set(raw)];
  const numeric = distinct.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : compareText);
  if (numeric) {
    // "1" and "1.0" are the same class.
    const seen = new Map<number, string>();
    for (const s of distinct) if (!seen.has(Number(s))) seen.set(Number(s), s);
    const canonical = [...seen.values()];
    const index = new Map(distinct.map((s) => [s, canonical.findIndex((c) => Number(c) === Number(s))]));
    return { classNames: rename(canonical, names), index };
  }
  return { classNames: rename(distinct, names), index: new Map(distinct.map((s, i) => [s, i])) };
}

/** Code-point order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Files anywhere under `dir` whose extension (lower-cased) is one of `extensions`, in code-point
 * order; hidden files and folders are left out.
 */
export function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(full, extensions));
    else if (extensions.includes(path.extname(entry.name).toLowerCase())) found.push(full);
  }
  return found.sort(compareText);
}

function rename(found: string[], names?: readonly string[]): string[] {
  if (!names) return found;
  if (names.length !== found.length) {
    throw new ConfigError(`classNames lists ${names.length} names but the data has ${found.length} classes (${found.join(', ')})`);
  }
  return [...names];
}

/** Splits a set into train and test, taking `testFraction` of every class, in a seeded order. */
export function stratifiedSplit(set: PixelSet, pixelsPerImage: number, testFraction: number, seed: number): { train: PixelSet; test: PixelSet } {
  const byClass = new Map<number, number[]>();
  for (const i of new Rng(seed).permutation(set.count)) {
    const y = set.labels[i];
    if (!byClass.has(y)) byClass.set(y, []);
    byClass.get(y)!.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const members of byClass.values()) {
    const testCount = Math.round(members.length * testFraction);
    test.push(...members.slice(0, testCount));
    train.push(...members.slice(testCount));
  }
  // Keep file order inside each split, so the split is reproducible to read and to debug.
  const ascending = (a: number, b: number) => a - b;
  return { train: gather(set, train.sort(ascending), pixelsPerImage), test: gather(set, test.sort(ascending), pixelsPerImage) };
}

export function gather(set: PixelSet, indices: readonly number[], pixelsPerImage: number): PixelSet {
  const pixels = new (set.pixels.constructor as Uint8ArrayConstructor | Float32ArrayConstructor)(indices.length * pixelsPerImage);
  const labels = new Int32Array(indices.length);
  indices.forEach((from, to) => {
    pixels.set(set.pixels.subarray(from * pixelsPerImage, (from + 1) * pixelsPerImage), to * pixelsPerImage);
    labels[to] = set.labels[from];
  });
  return { pixels, labels, count: indices.length };
}

/** [N, H, W, C] float32 of `pixels` mapped to (p - offset) / scale. */
export function toImageTensor(pixels: Uint8Array | Float32Array, count: number, shape: ImageShape, scaling: PixelScaling): tf.Tensor4D {
  const values = new Float32Array(pixels.length);
  const inverseScale = 1 / scaling.scale;
  for (let i = 0; i < values.length; i++) values[i] = (pixels[i] - scaling.offset) * inverseScale;
  return tf.tensor4d(values, [count, shape[0], shape[1], shape[2]]);
}

export interface AssembleInput {
  readonly name: string;
  /** [height, width, channels], channels 1 (grayscale) or 3 (colour). */
  readonly shape: ImageShape;
  /** One name per class index 0..K-1. */
  readonly classNames: readonly string[];
  readonly scaling: ScalingName;
  readonly train: PixelSet;
  /** The test images; without them, `testFraction` of every class of `train` is held out. */
  readonly test?: PixelSet;
  /** The share of every class of `train` held out as test images when there is no `test` (seeded by `splitSeed`, default 1). */
  readonly testFraction?: number;
  readonly splitSeed?: number;
  /** Images without labels (their `labels` are not read). */
  readonly unlabeled?: PixelSet;
  /** The files (or other sources) the data came from, for the report. */
  readonly sources: readonly string[];
  readonly skippedFiles?: readonly string[];
}

/**
 * The Dataset of labeled pixel sets, checked first against the dataset contract
 * (data/dataset-contract.ts): a fault is a DatasetContractError naming the field. Every class
 * must have training images.
 */
export function assembleDataset(input: AssembleInput): Dataset {
  checkAssembleInput(input);
  const { train, test } = input.test
    ? { train: input.train, test: input.test }
    : stratifiedSplit(input.train, input.shape[0] * input.shape[1] * input.shape[2], input.testFraction!, input.splitSeed ?? 1);
  checkEveryClassTrained(input.name, input.classNames, train);
  const scaling = SCALINGS[input.scaling];
  const images = (set: PixelSet) => hostImageSet(set.pixels, set.count, input.shape, scaling);
  return {
    name: input.name,
    trainImages: images(train),
    trainLabels: train.labels,
    testImages: images(test),
    testLabels: test.labels,
    unlabeledImages: input.unlabeled && input.unlabeled.count > 0 ? images(input.unlabeled) : undefined,
    classNames: input.classNames,
    scaling,
    sources: input.sources,
    skippedFiles: input.skippedFiles ?? [],
  };
}
