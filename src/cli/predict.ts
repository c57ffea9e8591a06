/** `ssgan predict`: a run's classifier applied to images, a CSV, IDX files or a dataset descriptor. */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { runClassifier, loadRunDiscriminators, WEIGHT_CHOICES, type WeightChoice } from '../classifier/run-classifier';
import { DESCRIPTOR_SPLITS, type DescriptorSplit, openDescriptorInput } from '../classifier/descriptor-input';
import { openFileInput } from '../classifier/inputs';
import { DEFAULT_BATCH_SIZE, predictInputs } from '../classifier/predict';
import { PredictionFile } from '../classifier/prediction-file';
import { csvLayout } from '../data/csv-reader';
import { isDescriptorPath } from '../data/descriptor';
import { OptionReader } from '../data/options';
import type { BackendChoice } from '../engine/backend';
import { writeFileAtomic } from '../store/files';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { readSavedRun } from '../store/saved-run';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { loadPlugins, startBackend } from './setup';
import { count } from '../util/number-text';

export const PREDICT_USAGE = `ssgan predict --run RUN_ID --input PATH [options]
  classifies an image file, a folder of images (searched recursively; a sub-folder named after a
  class labels its images), a CSV file (the run's CSV layout), an IDX image file (labels from the
  labels-idx1 file beside it) or a dataset descriptor (.json), preprocessed as the run's training data
  --out FILE         predictions, CSV or .json (default predictions.csv); with labels, also
                     confusion.csv and FILE's name with .html beside it
  --seed S           one seed's classifier
  --ensemble         the mean of all seeds' class probabilities
  --weights averaged|raw  (default averaged: the weights the run's test error is for)
                     default classifier: the ensemble if 'ssgan ensemble' ran, else the first seed
  --split test|unlabeled  a descriptor's split (default test)
  --skip-bad-images  skip undecodable image files and list them, instead of stopping
  --batch-size N     (default ${DEFAULT_BATCH_SIZE})
  --backend auto|tensorflow|wasm|cpu
  --reports DIR      where run folders are (default reports/)`;

const SPEC: FlagSpec = {
  run: { type: 'string' },
  input: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  ensemble: { type: 'boolean' },
  weights: { type: 'string' },
  split: { type: 'string' },
  'skip-bad-images': { type: 'boolean' },
  'batch-size': { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

export async function predictCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const runId = stringFlag(flags, 'run');
  const input = stringFlag(flags, 'input');
  if (!runId || !input) throw new ConfigError(`--run RUN_ID and --input PATH are required\n${PREDICT_USAGE}`);
  const weights = oneOf(flags, 'weights', WEIGHT_CHOICES) as WeightChoice | undefined;
  const split = (oneOf(flags, 'split', DESCRIPTOR_SPLITS) ?? 'test') as DescriptorSplit;
  const batchSize = intFlag(flags, 'batch-size') ?? DEFAULT_BATCH_SIZE;
  if (batchSize < 1) throw new ConfigError('--batch-size must be positive');
  const out = path.resolve(stringFlag(flags, 'out') ?? 'predictions.csv');
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  const config = readSavedRun(folder).config;

  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice);
  const classifier = runClassifier(loadRunDiscriminators(registry, folder, { seed: intFlag(flags, 'seed'), ensemble: flags.ensemble === true, weights }));
  try {
    const runCsv = new OptionReader('csv', config.dataset === 'csv' ? { ...config.datasetOptions, progress: false } : { progress: false });
    const source = isDescriptorPath(input)
      ? await openDescriptorInput(input, split, registry, classifier.classNames, classifier.preprocessing.imageShape)
      : openFileInput(input, {
          preprocessing: classifier.preprocessing,
          classNames: classifier.classNames,
          skipBadImages: flags['skip-bad-images'] === true,
          csvLayout: csvLayout(runCsv),
          csvChannelOrder: runCsv.oneOf('channelOrder', ['hwc', 'chw'], 'hwc'),
        });
    process.stderr.write(`classifier: run '${folder.runId}', ${classifier.description}\n`);
    const file = new PredictionFile(out, classifier.classNames, true);
    let summary;
    try {
      summary = await predictInputs(classifier, source, file, { batchSize });
      await file.commit();
    } catch (err) {
      await file.abort();
      throw err;
    }
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    const lines = [`${count(summary.predicted, 'input')} classified: ${rel(out)}`];
    if (summary.skipped.length > 0) lines.push(`${count(summary.skipped.length, 'undecodable file')} skipped:`, ...summary.skipped.map((f) => `  ${f}`));
    if (summary.confusion) {
      const page = out.replace(/\.(csv|json)$/i, '') + '.html';
      writeFileAtomic(path.join(path.dirname(out), 'confusion.csv'), summary.confusion.csv());
      writeFileAtomic(page, summary.confusion.html(`${folder.runId} on ${path.basename(input)}`, path.basename(out)));
      lines.push(summary.confusion.text(), `confusion matrix: ${rel(path.join(path.dirname(out), 'confusion.csv'))}, ${rel(page)}`);
      if (summary.confusion.total < summary.predicted) lines.push(`(${count(summary.predicted - summary.confusion.total, 'input')} without a known class left out of the accuracy)`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    classifier.dispose();
  }
}

function oneOf(flags: Record<string, unknown>, name: string, choices: readonly string[]): string | undefined {
  const value = stringFlag(flags, name);
  if (value !== undefined && !choices.includes(value)) throw new ConfigError(`--${name} must be one of ${choices.join(', ')}, got '${value}'`);
  return value;
}
