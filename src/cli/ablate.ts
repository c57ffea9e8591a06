/** `ssgan ablate`: the full preset and one variant per technique removed or added, as one table. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dataset, ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { defaultCacheRoot } from '../eval/default-scorer';
import { scoreRun } from '../eval/run-scores';
import type { Scorer } from '../eval/scorer';
import { ABLATION_SETTINGS_FILE, type AblationRow, type AblationSettings, type AblationVariant, ablationVariants, writeAblationTable } from '../runner/ablation';
import { resolveConfig } from '../runner/config';
import type { ProgressPrinter } from '../store/progress';
import { RunFolder } from '../store/run-folder';
import { readSavedRun, seedsWithGenerator } from '../store/saved-run';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { EXPERIMENT_FLAGS, experimentOverrides } from './experiment-flags';
import { parseExperimentRequest } from './experiment-request';
import { QUEUE_FLAGS } from './queue-flags';
import { openSavedRun, refuseConfigFlags } from './resume';
import { obtainScorer } from './scorer';
import { loadPlugins } from './setup';
import { startExperiment, startTrainingSession } from './start-experiment';
import { loadDataset } from '../data/load-dataset';

export const ABLATE_USAGE = `ssgan ablate --preset NAME [--without a,b] [--with c] [options]
       ssgan ablate --resume ABLATION_ID
  runs the preset, then one variant per technique taken out (--without) or added (--with);
  writes reports/<ablation-id>/ablation.md and ablation.json, one run folder per variant
  --without LIST              techniques to remove one at a time (e.g. mbd,vbn,label-smoothing)
  --with LIST                 techniques to add one at a time (e.g. historical-averaging)
                              (\`ssgan plugins\` lists the techniques)
  --score-samples N           generated images scored per seed (default 1000; 0: no score column)
  --scorer model.json         scorer network (default: the dataset's cached classifier)
  --ablation-id ID            name of the ablation folder
  --resume ABLATION_ID        continue an ablation that stopped: finished variants and seeds are kept,
                              unfinished ones continue from their last epoch; other options come from
                              its saved config (allowed: --backend --jobs --threads --reports --cache
                              --plugins --queue --artifacts --ensemble)
  --labels N  --seeds N  --seed S  --data-seed S  --epochs N  --iterations-per-epoch N
  --batch-size N  --lr X  --evaluate-every N  --data-dir DIR  --jobs N  --threads N
  --backend auto|tensorflow|wasm|cpu  --reports DIR  --cache DIR  --plugins DIR
  --queue URL  --artifacts DIR  --ensemble   as for \`ssgan run\`: with --queue, every variant's
                              seeds are enqueued at once (one job per seed and variant)`;

const SPEC: FlagSpec = {
  ...EXPERIMENT_FLAGS,
  preset: { type: 'string' },
  without: { type: 'string', multiple: true },
  with: { type: 'string', multiple: true },
  'score-samples': { type: 'string' },
  scorer: { type: 'string' },
  'ablation-id': { type: 'string' },
  resume: { type: 'string' },
  cache: { type: 'string' },
  ...QUEUE_FLAGS,
};

export async function ablateCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const request = await parseExperimentRequest(flags);
  const { registry } = loadPlugins(request.pluginDirs);
  const { reportsDir, queue } = request;
  const resumeId = stringFlag(flags, 'resume');
  let resumed: RunFolder | undefined;
  let settings: AblationSettings;
  if (resumeId) {
    refuseConfigFlags(flags, SPEC, 'ablation', ['cache']);
    resumed = RunFolder.open(reportsDir, resumeId, 'ablation', ABLATION_SETTINGS_FILE);
    settings = resumed.readJson<AblationSettings>(ABLATION_SETTINGS_FILE);
  } else {
    settings = newAblationSettings(flags, registry);
  }
  const { base, scoreSamples } = settings;
  const variants = ablationVariants(registry, base, settings.without, settings.with);
  for (const v of variants) checkNames(registry, v.config);

  const ablation = resumed ?? RunFolder.create(reportsDir, `ablate-${base.preset}`, stringFlag(flags, 'ablation-id'));
  if (!resumed) ablation.writeJson(ABLATION_SETTINGS_FILE, settings);
  const session = await startTrainingSession(request, registry, base.seeds);
  const { progress } = session;
  const scoring = scoreSamples > 0 ? new LazyScoring(registry, base, settings.scorerFile, stringFlag(flags, 'cache') ?? defaultCacheRoot(), progress) : undefined;

  const rows: AblationRow[] = [];
  const write = () =>
    writeAblationTable(ablation.dir, {
      ablationId: ablation.runId, preset: base.preset, dataset: base.dataset, labels: base.labels, seeds: base.seeds,
      epochs: base.epochs, iterationsPerEpoch: base.iterationsPerEpoch, rows,
      ...(!scoring && { scoresNote: '--score-samples 0' }),
    });
  const train = (v: AblationVariant) => {
    progress.log(`ablation ${ablation.runId}: variant ${v.name} (${variants.indexOf(v) + 1} of ${variants.length})`);
    // A resumed variant continues its run folder's saved config, as `ssgan run --resume` does.
    const name = folderName(v.name);
    const { folder, config } = resumed && fs.existsSync(ablation.file(name, 'config.json'))
      ? openSavedRun(ablation.dir, name)
      : { folder: RunFolder.create(ablation.dir, base.preset, name), config: v.config };
    const summary = startExperiment(session, { config, folder, provenance: { ablation: ablation.runId, variant: v.name, techniques: v.techniques } });
    // Variants trained at once are awaited in order; a later one's failure must not go unhandled meanwhile.
    summary.catch(() => undefined);
    return { v, folder, summary };
  };
  // On a queue, every variant's jobs wait at once, so workers never idle between variants.
  const trained = queue ? variants.map(train) : undefined;
  try {
    for (const [i, variant] of variants.entries()) {
      const { v, folder, summary: pending } = trained?.[i] ?? train(variant);
      const summary = await pending;
      const scores = scoring && (await scoring.score(folder, scoreSamples));
      rows.push({
        variant: v.name, description: v.description, runId: path.relative(ablation.dir, folder.dir),
        testErrorAveraged: summary.testErrorAveraged, testErrorRaw: summary.testErrorRaw, scores, techniques: v.techniques,
      });
      write();
    }
  } finally {
    scoring?.dispose();
  }
  process.stdout.write(`${write()}\ntable: ${path.relative(process.cwd(), ablation.file('ablation.md'))}\n`);
}

const SCORE_SPLITS = 10;

/** A new ablation's settings from its flags, checked. */
function newAblationSettings(flags: Record<string, unknown>, registry: Registry): AblationSettings {
  const preset = stringFlag(flags, 'preset');
  if (!preset) throw new ConfigError(`--preset NAME (or --resume ABLATION_ID) is required\n${ABLATE_USAGE}`);
  const scoreSamples = intFlag(flags, 'score-samples') ?? 1000;
  if (scoreSamples < 0 || (scoreSamples > 0 && scoreSamples < SCORE_SPLITS)) throw new ConfigError(`--score-samples must be 0 or at least ${SCORE_SPLITS}`);
  const scorer = stringFlag(flags, 'scorer');
  return {
    base: resolveConfig(registry, { ...experimentOverrides(flags), preset }).config,
    without: listFlag(flags.without),
    with: listFlag(flags.with),
    scoreSamples,
    ...(scorer !== undefined && { scorerFile: path.resolve(scorer) }),
  };
}

/** The scorer and the dataset for scoring, loaded at the first variant and kept for the others. */
class LazyScoring {
  private loaded?: { scorer: Scorer; dataset: Dataset };

  constructor(
    private readonly registry: Registry,
    private readonly config: ExperimentConfig,
    private readonly scorerFile: string | undefined,
    private readonly cacheRoot: string,
    private readonly progress: ProgressPrinter,
  ) {}

  async score(folder: RunFolder, samples: number): Promise<AblationRow['scores']> {
    const log = (line: string) => this.progress.log(line);
    if (!this.loaded) {
      const dataset = await loadDataset(this.registry, this.config.dataset, this.config.datasetOptions);
      const scorer = await obtainScorer({
        scorerFile: this.scorerFile, cacheRoot: this.cacheRoot, dataset, datasetName: this.config.dataset, datasetOptions: this.config.datasetOptions, log,
      });
      this.loaded = { scorer, dataset };
    }
    const saved = readSavedRun(folder);
    const { scorer, dataset } = this.loaded;
    const scores = await scoreRun({
      registry: this.registry, folder, saved, dataset, scorer, scorerFile: this.scorerFile,
      seeds: seedsWithGenerator(folder, saved), samples, splits: SCORE_SPLITS, log,
    });
    folder.writeJson('scores.json', scores);
    return { scorer: `${scores.scorer.name} (${scores.samples} samples per seed)`, inceptionScore: scores.inceptionScoreOverSeeds, fid: scores.fidOverSeeds };
  }

  dispose(): void {
    if (!this.loaded) return;
    this.loaded.scorer.dispose();
  }
}

/** Comma-separated and repeated flags, as one list. */
function listFlag(raw: unknown): string[] {
  return ((raw as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

/** Fails on an unknown model, objective or hook before anything trains. */
function checkNames(registry: Registry, config: ExperimentConfig): void {
  registry.dataset(config.dataset);
  registry.model(config.model);
  for (const term of [...config.discriminatorObjectives, ...config.generatorObjectives]) registry.objective(term.name);
  for (const hook of config.hooks) registry.hook(hook.name);
}

function folderName(variant: string): string {
  if (variant.startsWith('-')) return `without-${variant.slice(1)}`;
  if (variant.startsWith('+')) return `with-${variant.slice(1)}`;
  return variant;
}
