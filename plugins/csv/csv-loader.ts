/**
 * Datasets stored as CSV: one row per image, a label column and the pixel columns. The Kaggle
 * MNIST layout (a header `label,pixel0,...,pixel783`) needs no option but the file.
 */
import * as path from 'node:path';
import type { Dataset, DatasetLoadOptions, DatasetLoader, DescriptorFormat } from '../../src/core/contracts';
import { ConfigError } from '../../src/core/errors';
import { type PixelSet, SCALING_NAMES, assembleDataset, defaultScaling, indexLabels, stratifiedSplit } from '../../src/data/assemble';
import { type ImageShape, OptionReader } from '../../src/data/options';
import { type CsvTable, csvLayout, planarToInterleaved, readCsvFile } from '../../src/data/csv-reader';

export const CSV_OPTIONS = [
  'train', 'test', 'unlabeled', 'testFraction', 'splitSeed', 'label', 'header', 'delimiter', 'ignoreColumns',
  'shape', 'channelOrder', 'pixelMax', 'classNames', 'scaling', 'name', 'dataDir', 'progress',
] as const;

export class CsvLoader implements DatasetLoader {
  readonly name = 'csv';
  readonly description = 'images as CSV rows: a label column and pixel columns (Kaggle MNIST layout by default)';
  readonly options = CSV_OPTIONS;
  readonly format: DescriptorFormat = {
    name: 'csv',
    paths: [
      { field: 'train', option: 'train', kind: 'file', required: true, what: 'the CSV file of labeled training images' },
      { field: 'test', option: 'test', kind: 'file', required: false, what: 'a CSV file of labeled test images' },
      { field: 'unlabeled', option: 'unlabeled', kind: 'file', required: false, what: 'a CSV file of images without labels' },
    ],
    takesName: true,
    asIs: { extensions: ['.csv'] },
  };

  dataPaths(options: DatasetLoadOptions): readonly string[] {
    const { trainFile, testFile, unlabeledFile } = csvFiles(new OptionReader('csv', options));
    return [trainFile, testFile, unlabeledFile].filter((f) => f !== undefined);
  }

  async load(options: DatasetLoadOptions): Promise<Dataset> {
    const o = new OptionReader('csv', options);
    o.allowOnly(CSV_OPTIONS);
    const { trainFile, testFile, unlabeledFile } = csvFiles(o);
    if (testFile && o.has('testFraction')) throw o.error('testFraction', "cannot be combined with a 'test' file");
    const testFraction = o.number('testFraction', 0.1, { min: 0.01, max: 0.9 });
    const splitSeed = o.number('splitSeed', 1, { integer: true });
    const shapeOption = o.shape('shape');
    const channelOrder = o.oneOf('channelOrder', ['hwc', 'chw'], 'hwc');
    const layout = csvLayout(o);

    const expected = shapeOption ? shapeOption[0] * shapeOption[1] * shapeOption[2] : undefined;
    const trainTable = await readCsvFile(trainFile, layout, true, expected);
    const shape = shapeOption ?? inferShape(trainTable);
    const testTable = testFile ? await readCsvFile(testFile, layout, true, trainTable.pixelsPerRow) : undefined;
    const unlabeledTable = unlabeledFile ? await readCsvFile(unlabeledFile, layout, false, trainTable.pixelsPerRow) : undefined;

    const { classNames, index } = indexLabels([...trainTable.rawLabels, ...(testTable?.rawLabels ?? [])], o.stringList('classNames'));
    const toSet = (table: CsvTable): PixelSet => ({
      pixels: channelOrder === 'chw' ? planarToInterleaved(table.pixels, shape) : table.pixels,
      labels: Int32Array.from(table.rawLabels, (raw) => index.get(raw)!),
      count: table.count,
    });
    const pixelsPerImage = shape[0] * shape[1] * shape[2];
    const { train, test } = testTable
      ? { train: toSet(trainTable), test: toSet(testTable) }
      : stratifiedSplit(toSet(trainTable), pixelsPerImage, testFraction, splitSeed);
    const unlabeled = unlabeledTable && { ...toSet(unlabeledTable), labels: new Int32Array(unlabeledTable.count) };
    return assembleDataset({
      name: o.string('name') ?? path.basename(trainFile).replace(/\.[^.]*$/, ''),
      shape,
      classNames,
      scaling: o.oneOf('scaling', SCALING_NAMES, defaultScaling(shape)),
      train,
      test,
      unlabeled,
      sources: [trainFile, testFile, unlabeledFile].filter((f): f is string => f !== undefined),
    });
  }
}

/** The files named by the options, relative ones resolved against dataDir (default: the working folder). */
function csvFiles(o: OptionReader): { trainFile: string; testFile?: string; unlabeledFile?: string } {
  const baseDir = o.path('dataDir', process.cwd()) ?? process.cwd();
  const trainFile = o.path('train', baseDir);
  if (!trainFile) throw o.error('train', 'is required: the CSV file of labeled training images');
  return { trainFile, testFile: o.path('test', baseDir), unlabeledFile: o.path('unlabeled', baseDir) };
}

/** Square grayscale (N = s*s) or square colour (N = 3*s*s); anything else needs the shape option. */
function inferShape(table: CsvTable): ImageShape {
  const n = table.pixelsPerRow;
  for (const channels of [1, 3]) {
    const side = Math.round(Math.sqrt(n / channels));
    if (side * side * channels === n) return [side, side, channels];
  }
  throw new ConfigError(
    `csv: cannot infer the image shape of ${table.file} from its ${n} pixel columns; set the option 'shape', e.g. "HxWxC"`,
  );
}
