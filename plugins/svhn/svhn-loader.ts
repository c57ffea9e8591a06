/**
 * SVHN cropped digits from the official MAT-files under `dataDir` (default datasets/svhn):
 * train_32x32.mat and test_32x32.mat, and with the option `extra: true` also extra_32x32.mat,
 * whose images join the unlabeled set. Each holds X (uint8, 32x32x3xN, column-major) and
 * y (Nx1, the digit 0 stored as 10). Never downloads. Images stay uint8 in the bytes read from the
 * file, reordered in place: extra's 531,131 images cost their 1.6 GB once.
 */
import * as path from 'node:path';
import type { Dataset, DatasetLoadOptions, DatasetLoader, DescriptorFormat, ImageSet, PixelScaling } from '../../src/core/contracts';
import { DatasetFormatError } from '../../src/core/errors';
import { hostImageSet } from '../../src/data/image-set';
import { type SvhnDownloadOptions, downloadSvhn } from './download';
import { type MatArray, type MatFile, readMatFile } from './mat-reader';
import { SVHN_FILES } from './svhn-files';

export const DEFAULT_SVHN_DIR = path.join('datasets', 'svhn');
/** The authors' SVHN scaling: (p - 127.5) / 127.5, so pixels lie in [-1, 1] like tanh samples. */
export const SVHN_SCALING: PixelScaling = { offset: 127.5, scale: 127.5 };
const CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const SIZE = 32;
const CHANNELS = 3;

export class SvhnLoader implements DatasetLoader {
  readonly name = 'svhn';
  readonly description = `SVHN cropped digits, official ${SVHN_FILES.train} and ${SVHN_FILES.test} under --data-dir (default ${DEFAULT_SVHN_DIR}); option extra: true adds ${SVHN_FILES.extra} as unlabeled images`;
  readonly format: DescriptorFormat = {
    name: 'svhn-mat',
    paths: [{ field: 'dir', option: 'dataDir', kind: 'folder', required: true, what: 'the folder of train_32x32.mat and test_32x32.mat' }],
  };

  readonly defaultDataDir = DEFAULT_SVHN_DIR;

  async load(options: DatasetLoadOptions): Promise<Dataset> {
    const dir = options.dataDir ?? DEFAULT_SVHN_DIR;
    const train = readSplit(path.join(dir, SVHN_FILES.train), true);
    const test = readSplit(path.join(dir, SVHN_FILES.test), true);
    const extra = options.extra === true ? readSplit(path.join(dir, SVHN_FILES.extra), false) : undefined;
    return {
      name: this.name,
      trainImages: train.images,
      trainLabels: train.labels,
      testImages: test.images,
      testLabels: test.labels,
      ...(extra ? { unlabeledImages: extra.images } : {}),
      classNames: CLASS_NAMES,
      scaling: SVHN_SCALING,
      sources: [train.file, test.file, ...(extra ? [extra.file] : [])],
    };
  }

  /** For `ssgan download svhn`: fetches the official files into `dataDir`; returns their paths. */
  download(options: SvhnDownloadOptions & { readonly dataDir?: string }): Promise<string[]> {
    return downloadSvhn(options.dataDir ?? DEFAULT_SVHN_DIR, options);
  }
}

interface Split {
  readonly file: string;
  readonly images: ImageSet;
  readonly labels: Int32Array;
}

function readSplit(file: string, withLabels: boolean): Split {
  const mat = readMatFile(file);
  const x = variable(mat, 'X');
  if (x.className !== 'uint8' || !(x.data instanceof Uint8Array) || x.dims.length !== 4 || x.dims[0] !== SIZE || x.dims[1] !== SIZE || x.dims[2] !== CHANNELS) {
    throw new DatasetFormatError(file, `X is ${x.className} [${x.dims.join(', ')}], expected uint8 [32, 32, 3, N]`);
  }
  const count = x.dims[3];
  const labels = withLabels ? digitLabels(file, variable(mat, 'y'), count) : new Int32Array(0);
  return { file, images: hostImageSet(toRowMajor(x.data, count), count, [SIZE, SIZE, CHANNELS], SVHN_SCALING), labels };
}

function variable(mat: MatFile, name: string): MatArray {
  const array = mat.arrays.get(name);
  if (array) return array;
  const why = mat.unsupported.get(name);
  const present = [...mat.arrays.keys(), ...mat.unsupported.keys()];
  throw new DatasetFormatError(
    mat.file,
    why ? `variable ${name} is ${why}, expected a numeric array` : `no variable named ${name} (variables: ${present.join(', ') || 'none'})`,
  );
}

/** y as digits 0..9: an N-vector of whole numbers 1..10, 10 standing for the digit 0. */
function digitLabels(file: string, y: MatArray, count: number): Int32Array {
  if (y.data.length !== count || y.dims.filter((d) => d !== 1).length > 1) {
    throw new DatasetFormatError(file, `y is [${y.dims.join(', ')}], expected ${count} labels (one per image of X)`);
  }
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const value = y.data[i];
    if (!Number.isInteger(value) || value < 1 || value > 10) {
      throw new DatasetFormatError(file, `y(${i + 1}) = ${value} is not a digit label 1..10`);
    }
    labels[i] = value % 10;
  }
  return labels;
}

/**
 * Column-major [32, 32, 3, N] (row fastest) to row-major [N, 32, 32, 3], in place: each image is
 * one block of bytes in both orders, so a block-sized copy is the only extra memory.
 */
function toRowMajor(data: Uint8Array, count: number): Uint8Array {
  const plane = SIZE * SIZE;
  const block = plane * CHANNELS;
  const image = new Uint8Array(block);
  for (let n = 0; n < count; n++) {
    image.set(data.subarray(n * block, (n + 1) * block));
    let out = n * block;
    for (let row = 0; row < SIZE; row++) {
      for (let col = 0; col < SIZE; col++) {
        for (let ch = 0; ch < CHANNELS; ch++) data[out++] = image[col * SIZE + row + ch * plane];
      }
    }
  }
  return data;
}
