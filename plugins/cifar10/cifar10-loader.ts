/**
 * CIFAR-10 from the official binary version: the folder cifar-10-batches-bin/ or the archive
 * cifar-10-binary.tar.gz, found under `dataDir` (default datasets/cifar10). Never downloads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset, DatasetLoadOptions, DatasetLoader, DescriptorFormat, ImageSet, PixelScaling } from '../../src/core/contracts';
import { DatasetFormatError } from '../../src/core/errors';
import { downloadCifar10 } from './download';
import type { DownloadOptions } from '../../src/data/download-file';
import { concatImageSets, hostImageSet } from '../../src/data/image-set';
import {
  ARCHIVE, type CifarFile, type CifarRecords, FOLDER, IMAGE_SIZE, CHANNELS, META_FILE, TEST_BATCH, TRAIN_BATCHES,
  parseClassNames, parseRecords, readCifarArchive, readCifarFolder,
} from './cifar-reader';

export const DEFAULT_CIFAR10_DIR = path.join('datasets', 'cifar10');
/** The authors' CIFAR-10 scaling: (p - 127.5) / 128. */
export const CIFAR10_SCALING: PixelScaling = { offset: 127.5, scale: 128 };
/** Used when batches.meta.txt is absent (the archive always has it). */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export class Cifar10Loader implements DatasetLoader {
  readonly name = 'cifar10';
  readonly description = `CIFAR-10, official binary version (${FOLDER}/ or ${ARCHIVE} under --data-dir, default ${DEFAULT_CIFAR10_DIR})`;
  readonly format: DescriptorFormat = {
    name: 'cifar-binary',
    paths: [{ field: 'dir', option: 'dataDir', kind: 'folder', required: true, what: 'the folder of the CIFAR-10 binary batches' }],
  };

  readonly defaultDataDir = DEFAULT_CIFAR10_DIR;

  async load(options: DatasetLoadOptions): Promise<Dataset> {
    const files = await readCifarFiles(options.dataDir ?? DEFAULT_CIFAR10_DIR);
    const train = TRAIN_BATCHES.map((name) => parseRecords(files.get(name)!));
    const test = parseRecords(files.get(TEST_BATCH)!);
    const meta = files.get(META_FILE);
    return {
      name: this.name,
      trainImages: images(train),
      trainLabels: concatLabels(train),
      testImages: images([test]),
      testLabels: test.labels,
      classNames: meta ? parseClassNames(meta) : CIFAR10_CLASSES,
      scaling: CIFAR10_SCALING,
      sources: [...files.values()].map((f) => f.source),
    };
  }

  /** For `ssgan download cifar10`: fetches the archive into `dataDir`; returns its path. */
  download(options: DownloadOptions & { readonly dataDir?: string }): Promise<string[]> {
    return downloadCifar10(options.dataDir ?? DEFAULT_CIFAR10_DIR, options);
  }
}

/**
 * Where the files are: `location` may be the archive itself, a folder holding the batch files,
 * or a folder holding cifar-10-batches-bin/ or the archive (the unpacked folder wins).
 */
export async function readCifarFiles(location: string): Promise<Map<string, CifarFile>> {
  if (isFile(location)) return readCifarArchive(location);
  for (const dir of [path.join(location, FOLDER), location]) {
    if (isFile(path.join(dir, TRAIN_BATCHES[0])) || isFile(path.join(dir, TEST_BATCH))) return readCifarFolder(dir);
  }
  if (isFile(path.join(location, ARCHIVE))) return readCifarArchive(path.join(location, ARCHIVE));
  throw new DatasetFormatError(
    location,
    `no CIFAR-10 binary files here: expected ${FOLDER}/ (data_batch_1..5.bin, test_batch.bin) or ${ARCHIVE}; ` +
      `run 'ssgan download cifar10 --data-dir ${location}' or put the binary version there by hand`,
  );
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The batch files' images read as one set, their pixels not copied. */
function images(parts: readonly CifarRecords[]): ImageSet {
  return concatImageSets(parts.map((p) => hostImageSet(p.pixels, p.count, [IMAGE_SIZE, IMAGE_SIZE, CHANNELS], CIFAR10_SCALING)));
}

function concatLabels(parts: readonly CifarRecords[]): Int32Array {
  const labels = new Int32Array(parts.reduce((sum, p) => sum + p.count, 0));
  let offset = 0;
  for (const part of parts) {
    labels.set(part.labels, offset);
    offset += part.count;
  }
  return labels;
}
