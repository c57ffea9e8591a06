/**
 * Datasets stored as image files in one folder per class: root/train/<class>/*.png|jpg|webp,
 * optionally root/test/<class>/ and root/unlabeled/. Images are resized to one shape; the decoded
 * result is cached so the second load is fast.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Dataset, DatasetLoadOptions, DatasetLoader, DescriptorFormat } from '../../src/core/contracts';
import { type PixelSet, SCALING_NAMES, assembleDataset, defaultScaling, stratifiedSplit } from '../../src/data/assemble';
import { type ImageShape, OptionReader } from '../../src/data/options';
import { type CacheContent, type CachedSplit, cacheFileName, readCache, writeCache } from './cache';
import { FITS, type Fit, decodeImages, naturalShape } from '../../src/data/image-decode';
import { type FolderScan, IMAGE_EXTENSIONS, scanImageFolder } from './scan';

export const IMAGE_FOLDER_OPTIONS = [
  'root', 'shape', 'fit', 'testFraction', 'splitSeed', 'skipBadImages', 'concurrency', 'cache', 'cacheDir',
  'scaling', 'name', 'dataDir', 'progress',
] as const;

export class ImageFolderLoader implements DatasetLoader {
  readonly name = 'image-folder';
  readonly description = 'image files in root/train/<class>/, root/test/<class>/ and root/unlabeled/ (png, jpg, webp)';
  readonly options = IMAGE_FOLDER_OPTIONS;
  readonly format: DescriptorFormat = {
    name: 'image-folder',
    paths: [{ field: 'root', option: 'root', kind: 'folder', required: true, what: 'the folder holding train/<class>/' }],
    takesName: true,
    asIs: { folder: true },
  };

  /** The image folder, and the cache folder it writes. */
  dataPaths(options: DatasetLoadOptions): readonly string[] {
    const { root, cacheDir } = folderPaths(new OptionReader('image-folder', options));
    return [root, cacheDir];
  }

  async load(options: DatasetLoadOptions): Promise<Dataset> {
    const o = new OptionReader('image-folder', options);
    o.allowOnly(IMAGE_FOLDER_OPTIONS);
    const { root, cacheDir } = folderPaths(o);
    const testFraction = o.number('testFraction', 0.1, { min: 0.01, max: 0.9 });
    const splitSeed = o.number('splitSeed', 1, { integer: true });
    const fit = o.oneOf<Fit>('fit', FITS, 'cover');
    const skipBadImages = o.boolean('skipBadImages', false);
    const progress = o.boolean('progress', true);
    const concurrency = o.number('concurrency', Math.max(4, 2 * os.availableParallelism()), { min: 1, max: 64, integer: true });
    const useCache = o.boolean('cache', true);
    const scaling = o.string('scaling') && o.oneOf('scaling', SCALING_NAMES, 'unit');
    const name = o.string('name') ?? path.basename(root);
    const shapeOption = o.shape('shape');

    const scan = scanImageFolder(root);
    if (scan.test && o.has('testFraction')) throw o.error('testFraction', `cannot be combined with a test/ folder in ${root}`);
    const shape = shapeOption ?? (await naturalShape(scan.train.files[0]));
    const decode = () => decodeAll(scan, shape, { fit, skipBadImages, progress, concurrency });
    let content: CacheContent;
    if (useCache) {
      const allFiles = [...scan.train.files, ...(scan.test?.files ?? []), ...scan.unlabeled];
      const file = path.join(cacheDir, cacheFileName(root, allFiles, { shape, fit, skipBadImages, classNames: scan.classNames }));
      const cached = readCache(file);
      if (cached && progress) process.stderr.write(`image-folder: ${root} from the decoded cache ${file}\n`);
      content = cached ?? (await decode());
      const warning = cached ? undefined : writeCache(file, content);
      if (warning) process.stderr.write(`warning: ${warning}\n`);
    } else {
      content = await decode();
    }
    for (const line of folderNotices(root, scan, content, fit)) process.stderr.write(`${line}\n`);
    return toDataset(content, scan, {
      name,
      scaling: scaling || defaultScaling(shape),
      testFraction,
      splitSeed,
    });
  }
}

interface DecodeSettings {
  readonly fit: Fit;
  readonly skipBadImages: boolean;
  readonly progress: boolean;
  readonly concurrency: number;
}

function folderPaths(o: OptionReader): { root: string; cacheDir: string } {
  const root = o.path('root', process.cwd()) ?? o.path('dataDir', process.cwd());
  if (!root) throw o.error('root', 'is required: the folder holding train/<class>/');
  return { root, cacheDir: o.path('cacheDir', process.cwd()) ?? path.join(root, '.ssgan-cache') };
}

async function decodeAll(scan: FolderScan, shape: ImageShape, settings: DecodeSettings): Promise<CacheContent> {
  const splits: CachedSplit[] = [];
  const skipped: string[] = [];
  const sizes: Record<string, number> = {};
  const sources: [string, readonly string[], readonly number[]][] = [['train', scan.train.files, scan.train.labels]];
  if (scan.test) sources.push(['test', scan.test.files, scan.test.labels]);
  if (scan.unlabeled.length > 0) sources.push(['unlabeled', scan.unlabeled, scan.unlabeled.map(() => 0)]);
  for (const [name, files, labels] of sources) {
    const decoded = await decodeImages(files, { ...settings, shape, progressLabel: `image-folder ${name}`, countSizes: true });
    splits.push({ name, pixels: decoded.pixels, labels: Int32Array.from(decoded.kept, (i) => labels[i]) });
    skipped.push(...decoded.skipped.map((f) => path.relative(scan.root, f)));
    for (const [size, n] of decoded.sizes) sizes[size] = (sizes[size] ?? 0) + n;
  }
  return { shape, classNames: scan.classNames, skipped, splits, sizes };
}

/**
 * One line each for what a load passes over or changes without being asked: undecodable images
 * skipped, files that are not images, and images of several sizes resized to one.
 */
function folderNotices(root: string, scan: FolderScan, content: CacheContent, fit: Fit): string[] {
  const lines: string[] = [];
  const files = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (content.skipped.length > 0) lines.push(`warning: image-folder: ${files(content.skipped.length, 'undecodable image')} skipped in ${root}`);
  const others = scan.otherFiles;
  if (others.length > 0) {
    const example = path.relative(root, others[0]);
    lines.push(`notice: image-folder: ${files(others.length, 'file')} in ${root} skipped as not ${IMAGE_EXTENSIONS.join('/')} images (${example}${others.length > 1 ? ', ...' : ''})`);
  }
  const sizes = Object.entries(content.sizes ?? {}).sort((a, b) => b[1] - a[1]);
  if (sizes.length > 1) {
    const shown = sizes.slice(0, 3).map(([size, n]) => `${n} at ${size}`).join(', ');
    lines.push(
      `notice: image-folder: the ${files(sizes.reduce((sum, [, n]) => sum + n, 0), 'image')} in ${root} come in ${sizes.length} sizes ` +
        `(${shown}${sizes.length > 3 ? ', ...' : ''}); all were resized to ${content.shape[0]}x${content.shape[1]} (fit: ${fit})`,
    );
  }
  return lines;
}

function toDataset(
  content: CacheContent,
  scan: FolderScan,
  settings: { name: string; scaling: (typeof SCALING_NAMES)[number]; testFraction: number; splitSeed: number },
): Dataset {
  const shape = content.shape;
  const perImage = shape[0] * shape[1] * shape[2];
  const set = (name: string): PixelSet | undefined => {
    const split = content.splits.find((s) => s.name === name);
    return split && { pixels: split.pixels, labels: split.labels, count: split.labels.length };
  };
  const { train, test } = set('test')
    ? { train: set('train')!, test: set('test')! }
    : stratifiedSplit(set('train')!, perImage, settings.testFraction, settings.splitSeed);
  return assembleDataset({
    name: settings.name,
    shape,
    classNames: content.classNames,
    scaling: settings.scaling,
    train,
    test,
    unlabeled: set('unlabeled'),
    sources: [scan.root],
    skippedFiles: content.skipped.map((f) => path.join(scan.root, f)),
  });
}
