/** `ssgan run`: trains one model per seed and writes reports/<run-id>/. */
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import type { Registry } from '../core/registry';
import { descriptorPreset, isDescriptorPath, readDescriptor } from '../data/descriptor';
import { resolveConfig } from '../runner/config';
import type { RunSummary } from '../runner/summary';
import { RunFolder } from '../store/run-folder';
import { seedOf } from '../seed/seed-run';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { EXPERIMENT_FLAGS, experimentOverrides } from './experiment-flags';
import { type ExperimentRequest, parseExperimentRequest } from './experiment-request';
import { QUEUE_FLAGS } from './queue-flags';
import { extendRun, openSavedRun, refuseConfigFlags } from './resume';
import { loadPlugins } from './setup';
import { startExperiment, startTrainingSession } from './start-experiment';

export const RUN_USAGE = `ssgan run [options]
  --preset NAME               experiment preset (default mnist-fm; see \`ssgan plugins\`)
  --dataset NAME|FILE.json    dataset, or a dataset descriptor (docs/own-dataset.md);
                              picks its preset when --preset is not given
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
  --resume RUN_ID             continue a run that stopped; other options come from its config,
                              but for --epochs N, which extends a run (finished or not) to N epochs
                              when its learning rate is constant
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
  const request = await parseExperimentRequest(flags);
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
 * The run `--resume` names, with its saved config; or the config of a new run from the flags,
 * whose folder is made once the backend has started, so a run that cannot start leaves none.
 */
function runToTrain(flags: Record<string, unknown>, request: ExperimentRequest, registry: Registry): { config: ExperimentConfig; folder: () => RunFolder } {
  const resumeId = stringFlag(flags, 'resume');
  if (resumeId) {
    refuseConfigFlags(flags, SPEC, 'run', ['epochs']);
    const { config, folder } = openSavedRun(request.reportsDir, resumeId);
    const epochs = intFlag(flags, 'epochs');
    // A queued seed's checkpoints live in the workers' artifacts folder, and its finished job holds its result.
    if (epochs !== undefined && request.queue) throw new ConfigError('--epochs extends a run trained here, not through --queue');
    return { config: epochs === undefined ? config : extendRun(config, epochs, registry), folder: () => folder };
  }
  const dataset = stringFlag(flags, 'dataset');
  const descriptor = dataset !== undefined && isDescriptorPath(dataset) ? readDescriptor(dataset, registry) : undefined;
  if (descriptor && flags.preset !== undefined) {
    throw new ConfigError(`--preset does not combine with a dataset descriptor; set "training": {"preset": ...} in ${dataset}`);
  }
  const given = descriptor && descriptorPreset(descriptor, registry);
  const config = resolveConfig(registry, {
    ...experimentOverrides(flags),
    preset: stringFlag(flags, 'preset'),
    dataset: descriptor ? undefined : dataset,
    skipBadImages: flags['skip-bad-images'] === true,
  }, given).config;
  // Fail on a wrong dataset or model name before creating the run folder.
  registry.dataset(config.dataset);
  registry.model(config.model);
  return { config, folder: () => RunFolder.create(request.reportsDir, config.preset, stringFlag(flags, 'run-id')) };
}

function printOutcome(summary: RunSummary, config: ExperimentConfig, folder: RunFolder): void {
  const rel = (p: string) => path.relative(process.cwd(), p);
  const a = summary.testErrorAveraged;
  const r = summary.testErrorRaw;
  const lastSeed = seedOf(config, config.seeds - 1).seed;
  const grid = folder.file(`seed-${lastSeed}`, 'samples', `epoch-${String(config.epochs).padStart(3, '0')}.png`);
  process.stdout.write(
    [
      `test error: ${a.mean.toFixed(2)}% ± ${a.std.toFixed(2)} with averaged weights, ${r.mean.toFixed(2)}% ± ${r.std.toFixed(2)} raw (${a.n} seed${a.n === 1 ? '' : 's'}, ${config.epochs} epochs)`,
      ...(summary.ensemble ? [`ensemble of ${summary.ensemble.seeds.length} seeds: ${summary.ensemble.testError.toFixed(2)}%`] : []),
      ...(summary.published ? [`paper (${summary.published.epochs} epochs): ${summary.published.mean}% ± ${summary.published.std}`] : []),
      ...(summary.ensemble && summary.published?.ensembleOf10
        ? [`paper, ensemble of 10: ${summary.published.ensembleOf10.mean}% ± ${summary.published.ensembleOf10.std}`]
        : []),
      `summary: ${rel(folder.file('summary.md'))}`,
      `samples: ${rel(grid)} (real data: ${rel(folder.file(`seed-${lastSeed}`, 'samples', 'real.png'))})`,
    ].join('\n') + '\n',
  );
}
