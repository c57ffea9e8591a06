/**
 * Training a run folder as `ssgan run` does, shared by the commands that train runs (run,
 * reproduce): the parallelism and backend from the flags, the run's provenance in config.json,
 * and the seeds here, in --jobs processes or on --queue workers.
 */
import * as path from 'node:path';
import type { ExperimentConfig, Preset } from '../core/contracts';
import type { Registry } from '../core/registry';
import type { BackendChoice, BackendInfo } from '../engine/backend';
import type { QueueTarget } from '../queue/coordinator';
import { redactCommandLine } from '../queue/queue-url';
import { runExperiment } from '../runner/experiment';
import { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';
import type { RunSummary } from '../runner/summary';
import { techniqueSwitches } from '../runner/techniques';
import { stringFlag } from './args';
import { chooseExecutor } from './executor';
import { parallelism } from './experiment-flags';
import { startBackend } from './setup';

/** How and where a command's runs train, fixed once for all of them. */
export interface TrainingSession {
  readonly registry: Registry;
  readonly reportsDir: string;
  readonly pluginDirs: readonly string[];
  readonly queue?: QueueTarget;
  readonly jobs: number;
  readonly threadsPerJob: number;
  readonly backend: BackendInfo;
  readonly progress: ProgressPrinter;
  readonly ensemble: boolean;
}

/** Starts the backend for `seeds` seeds a run, with --jobs/--threads/--backend/--ensemble from `flags`. */
export async function startTrainingSession(
  flags: Record<string, unknown>,
  o: { registry: Registry; reportsDir: string; pluginDirs: readonly string[]; queue?: QueueTarget; seeds: number },
): Promise<TrainingSession> {
  const { jobs, threadsPerJob } = parallelism(flags, o.seeds);
  const backend = await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice, threadsPerJob);
  return {
    registry: o.registry, reportsDir: o.reportsDir, pluginDirs: o.pluginDirs.map((d) => path.resolve(d)), queue: o.queue,
    jobs, threadsPerJob, backend, progress: new ProgressPrinter(), ensemble: flags.ensemble === true,
  };
}

/** Trains `config`'s seeds into `folder` (continuing any it has) and returns the run's summary. */
export function trainRun(s: TrainingSession, config: ExperimentConfig, folder: RunFolder, provenance: Record<string, unknown> = {}): Promise<RunSummary> {
  s.progress.log(
    `run ${folder.runId}: preset ${config.preset}, ${config.dataset}, ${config.labels} labels, ` +
      `${config.seeds} seed(s) from ${config.seed}, ${config.epochs} epochs -> ${path.relative(process.cwd(), folder.dir) || '.'}`,
  );
  return runExperiment({
    config, preset: presetOfRun(s.registry, config), folder, backend: s.backend, progress: s.progress,
    provenance: {
      jobs: s.jobs, command: redactCommandLine(process.argv.slice(2)), node: process.version, platform: `${process.platform}-${process.arch}`,
      techniques: techniqueSwitches(s.registry, config),
      ...(s.queue && { queue: s.queue.url.redacted }),
      ...provenance,
    },
    executor: chooseExecutor({ ...s, backend: s.backend.name }),
    ensemble: s.ensemble,
  });
}

/** The run's preset; a descriptor's preset exists only in the run's config, without published numbers. */
function presetOfRun(registry: Registry, config: ExperimentConfig): Preset {
  return registry.list().presets.some((p) => p.name === config.preset)
    ? registry.preset(config.preset)
    : { name: config.preset, description: `from ${config.dataset}`, config };
}
