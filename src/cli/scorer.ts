/** `ssgan scorer train`: trains and caches a dataset's default scorer; also how score commands pick a scorer. */
import * as path from 'node:path';
import type { Dataset } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import type { BackendChoice } from '../engine/backend';
import { defaultCacheRoot, loadCachedScorer, scorerDir, trainScorer } from '../eval/default-scorer';
import { loadModelFile } from '../eval/model-file';
import { Scorer } from '../eval/scorer';
import { resolveConfig } from '../runner/config';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { readSavedRun } from '../store/saved-run';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { loadPlugins, startBackend } from './setup';
import { loadDataset } from '../data/load-dataset';

export const SCORER_USAGE = `ssgan scorer train --dataset NAME | --run RUN_ID [options]
  trains the default scorer (a classifier on all of the dataset's labels) and caches it
  --data-dir DIR        the dataset's files (with --dataset)
  --epochs N            training epochs (default 3)
  --train-examples N    use only the first N training images (default: all)
  --cache DIR           scorer cache (default $SSGAN_CACHE or ~/.cache/ssgan)
  --backend auto|tensorflow|wasm|cpu   --reports DIR   --plugins DIR`;

const SPEC: FlagSpec = {
  dataset: { type: 'string' },
  run: { type: 'string' },
  'data-dir': { type: 'string' },
  epochs: { type: 'string' },
  'train-examples': { type: 'string' },
  cache: { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

export async function scorerCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'train') throw new ConfigError(`unknown scorer command '${sub ?? ''}'\n${SCORER_USAGE}`);
  const flags = parseFlags(rest, SPEC);
  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  const { dataset: name, datasetOptions } = datasetOf(registry, flags);
  await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice);
  const dataset = await loadDataset(registry, name, datasetOptions);
  const dir = scorerDir(stringFlag(flags, 'cache') ?? defaultCacheRoot(), name, datasetOptions);
  const info = await trainScorer(dataset, datasetOptions, dir, {
    epochs: intFlag(flags, 'epochs') ?? 3,
    trainExamples: intFlag(flags, 'train-examples'),
    seed: 1,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`scorer ${info.name}: test accuracy ${info.testAccuracyPercent?.toFixed(2)}% after ${info.trainSeconds.toFixed(0)} s; saved in ${dir}\n`);
}

/** The scorer a score command uses: `--scorer FILE`, else the dataset's cached one, trained now if missing. */
export async function obtainScorer(o: {
  readonly scorerFile?: string;
  readonly featureLayer?: string;
  readonly inputRange?: readonly [number, number];
  readonly cacheRoot: string;
  readonly dataset: Dataset;
  readonly datasetName: string;
  readonly datasetOptions: Readonly<Record<string, unknown>>;
  readonly log: (line: string) => void;
}): Promise<Scorer> {
  if (o.scorerFile) {
    const file = path.resolve(o.scorerFile);
    return new Scorer(
      {
        name: path.basename(path.dirname(file)),
        description: `network loaded from ${file} (given with --scorer)`,
        inputRange: o.inputRange ?? [0, 1],
        featureLayer: o.featureLayer,
      },
      await loadModelFile(file),
    );
  }
  const dir = scorerDir(o.cacheRoot, o.datasetName, o.datasetOptions);
  const cached = await loadCachedScorer(dir);
  if (cached) return cached;
  o.log(`no scorer for ${o.datasetName} in ${dir} yet: training one (ssgan scorer train does this ahead of time)`);
  await trainScorer(o.dataset, o.datasetOptions, dir, { epochs: 3, seed: 1, log: o.log });
  return (await loadCachedScorer(dir)) as Scorer;
}

function datasetOf(registry: Registry, flags: Record<string, unknown>): { dataset: string; datasetOptions: Readonly<Record<string, unknown>> } {
  const runId = stringFlag(flags, 'run');
  const name = stringFlag(flags, 'dataset');
  if ((runId === undefined) === (name === undefined)) throw new ConfigError(`give exactly one of --dataset NAME and --run RUN_ID\n${SCORER_USAGE}`);
  if (runId !== undefined) {
    const { config } = readSavedRun(RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId));
    return { dataset: config.dataset, datasetOptions: config.datasetOptions };
  }
  const { config } = resolveConfig(registry, { dataset: name, dataDir: stringFlag(flags, 'data-dir') });
  return { dataset: config.dataset, datasetOptions: config.datasetOptions };
}
