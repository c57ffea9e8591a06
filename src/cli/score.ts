/** `ssgan score`: Inception score and FID of a run's generators, beside the real data's, into scores.json. */
import { ConfigError } from '../core/errors';
import type { BackendChoice } from '../engine/backend';
import { defaultCacheRoot } from '../eval/default-scorer';
import { scoreRun } from '../eval/run-scores';
import { writeRunReport } from '../runner/report/write-report';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { readSavedRun, seedsWithGenerator } from '../store/saved-run';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { obtainScorer } from './scorer';
import { loadPlugins, startBackend } from './setup';
import { loadDataset } from '../data/load-dataset';

export const SCORE_USAGE = `ssgan score --run RUN_ID [options]
  --n N                 samples per seed, and real images (default 10000, at most the test set)
  --splits N            Inception-score splits (default 10)
  --seed S              score only this seed (default: every seed with a generator)
  --scorer model.json   any tfjs Layers or Graph model instead of the dataset's own classifier
  --scorer-features L   its feature layer or node for FID (default: the layer before the output)
  --scorer-range LO,HI  its inputs for pixel values 0 and 255 (default 0,1)
  --cache DIR           scorer cache (default $SSGAN_CACHE or ~/.cache/ssgan)
  --backend auto|tensorflow|wasm|cpu   --reports DIR   --plugins DIR`;

const SPEC: FlagSpec = {
  run: { type: 'string' },
  n: { type: 'string' },
  splits: { type: 'string' },
  seed: { type: 'string' },
  scorer: { type: 'string' },
  'scorer-features': { type: 'string' },
  'scorer-range': { type: 'string' },
  cache: { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

export async function scoreCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const runId = stringFlag(flags, 'run');
  if (!runId) throw new ConfigError(`--run RUN_ID is required\n${SCORE_USAGE}`);
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  const saved = readSavedRun(folder);
  const samples = intFlag(flags, 'n') ?? 10000;
  const splits = intFlag(flags, 'splits') ?? 10;
  if (splits < 1 || samples < splits) throw new ConfigError(`--n (${samples}) must be at least --splits (${splits}), which must be positive`);
  const onlySeed = intFlag(flags, 'seed');
  const available = seedsWithGenerator(folder, saved);
  const seeds = onlySeed === undefined ? available : available.filter((s) => s === onlySeed);
  if (seeds.length === 0) {
    throw new ConfigError(`run '${runId}' has no saved generator${onlySeed === undefined ? '' : ` for seed ${onlySeed}`} (${folder.dir}/seed-<n>/checkpoint/generator)`);
  }
  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const dataset = await loadDataset(registry, saved.config.dataset, saved.config.datasetOptions);
  const scorer = await obtainScorer({
    scorerFile: stringFlag(flags, 'scorer'),
    featureLayer: stringFlag(flags, 'scorer-features'),
    inputRange: rangeFlag(stringFlag(flags, 'scorer-range')),
    cacheRoot: stringFlag(flags, 'cache') ?? defaultCacheRoot(),
    dataset, datasetName: saved.config.dataset, datasetOptions: saved.config.datasetOptions, log,
  });
  try {
    const scores = await scoreRun({ registry, folder, saved, dataset, scorer, scorerFile: stringFlag(flags, 'scorer'), seeds, samples, splits, log });
    folder.writeJson('scores.json', scores);
    writeRunReport(folder);
    const is = scores.inceptionScoreOverSeeds;
    // One seed: its spread over the splits; several: the spread over seeds.
    const isStd = is.n === 1 ? scores.seeds[0].inceptionScore.std : is.std;
    process.stdout.write(
      [
        `scorer: ${scores.scorer.name}: ${scores.scorer.description}`,
        `Inception score (${scores.samples} samples, ${splits} splits): generated ${is.mean.toFixed(3)} ± ${isStd.toFixed(3)} (${is.n === 1 ? `${splits} splits` : `${is.n} seeds`}); real test images ${scores.real.inceptionScore.mean.toFixed(3)} ± ${scores.real.inceptionScore.std.toFixed(3)}`,
        `FID to the test set: generated ${scores.fidOverSeeds.mean.toFixed(3)}${is.n > 1 ? ` ± ${scores.fidOverSeeds.std.toFixed(3)} over seeds` : ''}; real training images ${scores.real.fid.toFixed(3)}`,
        `written: ${folder.file('scores.json')}, ${folder.file('index.html')}`,
      ].join('\n') + '\n',
    );
  } finally {
    scorer.dispose();
  }
}

function rangeFlag(raw: string | undefined): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map(Number);
  if (parts.length !== 2 || parts.some((p) => !Number.isFinite(p)) || parts[0] === parts[1]) {
    throw new ConfigError(`--scorer-range must be two different numbers LO,HI, got '${raw}'`);
  }
  return [parts[0], parts[1]];
}
