/** `ssgan run`: trains one model per seed and writes reports/<run-id>/. */
import * as path from 'node:path';
import type { ExperimentConfig, ModelFactory } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { datasetArgument } from '../data/dataset-argument';
import { type DatasetDescriptor, descriptorPreset } from '../data/descriptor';
import { type ConfigOverrides, resolveConfig } from '../runner/config';
import type { RunSummary } from '../runner/summary';
import { RunFolder } from '../store/run-folder';
import { seedOf } from '../seed/seed-run';
import type { MeanStd } from '../store/stats';
import { count, meanPlusMinus } from '../util/number-text';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { EXPERIMENT_FLAGS, experimentOverrides } from './experiment-flags';
import { type ExperimentRequest, parseExperimentRequest } from './experiment-request';
import { QUEUE_FLAGS } from './queue-flags';
import { configFlagsGiven, extendRun, keepParallelism, mayStartOver, openSavedRun, recordedCommands, refuseConfigFlags, refuseOtherRun } from './resume';
import { loadPlugins } from './setup';
import { startExperiment, startTrainingSession } from './start-experiment';

export const RUN_USAGE = `ssgan run [options]
  --preset NAME               experiment preset (default mnist-fm; see \`ssgan plugins\`)
  --dataset NAME|PATH         a dataset by name, a descriptor FILE.json, a FILE.csv or a FOLDER of
                              train/<class>/ images (docs/own-dataset.md); a dataset's own preset
                              when --preset is not given, else the recipe of --preset (default
                              mnist-fm) with the model auto
  --data-dir DIR              folder with the dataset's files (MNIST default: the embedded copy)
  --labels N                  labeled examples in total, balanced over classes (MNIST: 20/50/100/200)
  --seeds N                   number of seeds (labeled subsets) to train
  --seed S                    first training seed (seed i is S+i)
  --data-seed S               first labeled-subset seed (default: --seed)
  --epochs N                  epochs per seed
  --iterations-per-epoch N    0 = one pass over the training set
  --batch-size N
  --lr X                      learning rate
  --evaluate-every N          test error and sample grid every N epochs
  --skip-bad-images           image-folder datasets: skip unreadable images (counted in the report)
  --jobs N                    seeds trained at once, each in its own process (default: min(seeds, cores))
  --threads N                 compute threads per job (default: cores / jobs)
  --backend auto|tensorflow|wasm|cpu
  --reports DIR               where run folders go (default reports/)
  --run-id ID                 name of the run folder
  --resume RUN_ID             continue a run that stopped; other options come from its config
                              (--jobs and --threads from the run's last command that gave them),
                              but for --epochs N, which extends a run (finished or not) to N epochs
                              when its learning rate is constant
                              (a run no seed has trained yet takes corrected values)
  --queue redis://HOST:PORT   enqueue one job per seed on Redis (rediss:// for TLS; user:password@
                              allowed) for \`ssgan worker\`s, follow them, and write the report here
  --artifacts DIR             with --queue: checkpoints in DIR, a folder all workers share, so a job
                              another worker takes over resumes from its last epoch
  --ensemble                  also report the ensemble of the seeds (mean of class probabilities)
  --plugins DIR               also load the plugins in DIR (repeatable)`;

const SPEC: FlagSpec = {
  ...EXPERIMENT_FLAGS,
  preset: { type: 'string' },
  dataset: { type: 'string' },
  'skip-bad-images': { type: 'boolean' },
  'run-id': { type: 'string' },
  resume: { type: 'string' },
  ...QUEUE_FLAGS,
};

export async function runCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const resumeId = stringFlag(flags, 'resume');
  const given = await parseExperimentRequest(flags);
  const request = resumeId ? keepParallelism(given, recordedCommands(RunFolder.open(given.reportsDir, resumeId))) : given;
  const { registry } = loadPlugins(request.pluginDirs);
  const run = runToTrain(flags, request, registry);
  const { config } = run;
  const session = await startTrainingSession(request, registry, config.seeds);
  // From here on the run folder's status.json tells the run's fate.
  const folder = run.folder();
  const summary = await startExperiment(session, { config, folder });
  printOutcome(summary, config, folder);
}

/**
 * The run `--resume` names, with its saved config (corrected by the flags if no seed has trained
 * yet); or the config of a new run from the flags, whose folder is made once the backend has
 * started, so a run that cannot start leaves none.
 */
function runToTrain(flags: Record<string, unknown>, request: ExperimentRequest, registry: Registry): { config: ExperimentConfig; folder: () => RunFolder } {
  const resumeId = stringFlag(flags, 'resume');
  if (resumeId) {
    const changed = configFlagsGiven(flags, SPEC);
    if (changed.length > 0 && mayStartOver(RunFolder.open(request.reportsDir, resumeId))) {
      const { config, folder } = openSavedRun(request.reportsDir, resumeId);
      refuseOtherRun(folder, changed, ['preset', 'dataset', 'run-id']);
      const corrected = resolveConfig(registry, overrides(flags), { name: config.preset, description: `run ${folder.runId}`, config }).config;
      checkNames(registry, corrected);
      process.stderr.write(`run ${folder.runId}: no seed had trained, so it starts over with --${changed.join(', --')} as given\n`);
      return { config: corrected, folder: () => folder };
    }
    refuseConfigFlags(flags, SPEC, 'run', ['epochs'], ' (only a run that failed before any seed trained takes corrected values)');
    const { config, folder } = openSavedRun(request.reportsDir, resumeId);
    const epochs = intFlag(flags, 'epochs');
    // A queued seed's checkpoints live in the workers' artifacts folder, and its finished job holds its result.
    if (epochs !== undefined && request.queue) throw new ConfigError('--epochs extends a run trained here, not through --queue');
    return { config: epochs === undefined ? config : extendRun(config, epochs, registry), folder: () => folder };
  }
  const dataset = stringFlag(flags, 'dataset');
  const preset = stringFlag(flags, 'preset');
  const descriptor = dataset === undefined ? undefined : datasetArgument(dataset, registry, preset);
  const given = descriptor && descriptorPreset(descriptor, registry);
  const config = resolveConfig(registry, { ...overrides(flags), preset, dataset: descriptor ? undefined : dataset }, given).config;
  checkNames(registry, config);
  if (descriptor) process.stderr.write(`${recipeLine(descriptor, config, registry)}\n`);
  return { config, folder: () => RunFolder.create(request.reportsDir, config.preset, stringFlag(flags, 'run-id')) };
}

function overrides(flags: Record<string, unknown>): ConfigOverrides {
  return { ...experimentOverrides(flags), skipBadImages: flags['skip-bad-images'] === true };
}

/** Fails on a wrong dataset or model name before creating the run folder. */
function checkNames(registry: Registry, config: ExperimentConfig): void {
  registry.dataset(config.dataset);
  registry.model(config.model);
}

/** "dataset digits (csv, no preset of its own): recipe of mnist-fm, model auto (...)". */
function recipeLine(descriptor: DatasetDescriptor, config: ExperimentConfig, registry: Registry): string {
  const recipe = descriptor.training.preset ?? registry.defaultPreset().name;
  const auto = (registry.list().models as ModelFactory[]).filter((m) => m.autoFor).map((m) => `${m.name} for ${m.autoFor} images`);
  const model = config.model === 'auto' && auto.length > 0 ? `auto (${auto.join(', ')})` : config.model;
  const relative = descriptor.file && path.relative(process.cwd(), descriptor.file);
  const shown = relative && !relative.startsWith('..') ? relative : descriptor.file;
  const source = shown ? `${descriptor.format} ${shown}` : 'its plugin';
  return `dataset ${descriptor.name} (${source}, no preset of its own): recipe of ${recipe}, model ${model}`;
}

function printOutcome(summary: RunSummary, config: ExperimentConfig, folder: RunFolder): void {
  const rel = (p: string) => path.relative(process.cwd(), p);
  const a = summary.testErrorAveraged;
  const r = summary.testErrorRaw;
  const percent = (m: MeanStd) => meanPlusMinus(m.mean, m.std, m.n).replace(/^[\d.]+/, '$&%');
  const lastSeed = seedOf(config, config.seeds - 1).seed;
  const grid = folder.file(`seed-${lastSeed}`, 'samples', `epoch-${String(config.epochs).padStart(3, '0')}.png`);
  process.stdout.write(
    [
      `test error: ${percent(a)} with averaged weights, ${percent(r)} raw (${count(a.n, 'seed')}, ${count(config.epochs, 'epoch')})`,
      ...(summary.ensemble ? [`ensemble of ${count(summary.ensemble.seeds.length, 'seed')}: ${summary.ensemble.testError.toFixed(2)}%`] : []),
      ...(summary.published ? [`paper (${summary.published.epochs} epochs): ${summary.published.mean}% ± ${summary.published.std}`] : []),
      ...(summary.ensemble && summary.published?.ensembleOf10
        ? [`paper, ensemble of 10: ${summary.published.ensembleOf10.mean}% ± ${summary.published.ensembleOf10.std}`]
        : []),
      `summary: ${rel(folder.file('summary.md'))}`,
      `samples: ${rel(grid)} (real data: ${rel(folder.file(`seed-${lastSeed}`, 'samples', 'real.png'))})`,
    ].join('\n') + '\n',
  );
}
