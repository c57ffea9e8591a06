/**
 * The one way a training command (run, ablate, reproduce) trains a run folder: a session fixes the
 * plugins' registry, the backend, the parallelism and the seed executor once, from the command's
 * `ExperimentRequest`; `startExperiment` trains one run with it and records the provenance.
 */
import * as path from 'node:path';
import type { ExperimentConfig, Preset } from '../core/contracts';
import type { Registry } from '../core/registry';
import type { BackendInfo } from '../engine/backend';
import { redactCommandLine } from '../queue/queue-url';
import { runExperiment } from '../runner/experiment';
import type { RunSummary } from '../runner/summary';
import { techniqueSwitches } from '../runner/techniques';
import { ProgressPrinter } from '../store/progress';
import type { RunFolder } from '../store/run-folder';
import { chooseExecutor } from './executor';
import { type ExperimentRequest, parallelismFor } from './experiment-request';
import { startBackend } from './setup';
import { count } from '../util/number-text';

/** How and where a command's runs train, fixed once for all of them. */
export interface TrainingSession {
  readonly request: ExperimentRequest;
  readonly registry: Registry;
  readonly jobs: number;
  readonly threadsPerJob: number;
  readonly backend: BackendInfo;
  readonly progress: ProgressPrinter;
}

/** Starts the backend for runs of `seeds` seeds each. */
export async function startTrainingSession(request: ExperimentRequest, registry: Registry, seeds: number): Promise<TrainingSession> {
  const { jobs, threadsPerJob } = parallelismFor(request, seeds);
  const backend = await startBackend(request.backend, threadsPerJob);
  return { request, registry, jobs, threadsPerJob, backend, progress: new ProgressPrinter() };
}

export interface ExperimentRun {
  readonly config: ExperimentConfig;
  readonly folder: RunFolder;
  /** Facts for config.json besides the command line, versions and techniques (a variant's name...). */
  readonly provenance?: Record<string, unknown>;
}

/** Trains `run.config`'s seeds into `run.folder` (continuing any it has) and returns the run's summary. */
export function startExperiment(s: TrainingSession, run: ExperimentRun): Promise<RunSummary> {
  const { config, folder } = run;
  const { registry, request } = s;
  s.progress.log(
    `run ${folder.runId}: preset ${config.preset}, ${config.dataset}, ${count(config.labels, 'label')}, ` +
      `${count(config.seeds, 'seed')} from ${config.seed}, ${count(config.epochs, 'epoch')} -> ${path.relative(process.cwd(), folder.dir) || '.'}`,
  );
  return runExperiment({
    config, preset: presetOfRun(registry, config), folder, backend: s.backend, progress: s.progress,
    provenance: {
      jobs: s.jobs, command: redactCommandLine(process.argv.slice(2)), node: process.version, platform: `${process.platform}-${process.arch}`,
      techniques: techniqueSwitches(registry, config),
      ...(request.queue && { queue: request.queue.url.redacted }),
      ...run.provenance,
    },
    executor: chooseExecutor({
      registry, queue: request.queue, reportsDir: request.reportsDir, jobs: s.jobs, threadsPerJob: s.threadsPerJob,
      backend: s.backend.name, pluginDirs: request.pluginDirs,
    }),
    ensemble: request.ensemble,
  });
}

/** The run's preset; a descriptor's preset exists only in the run's config, without published numbers. */
function presetOfRun(registry: Registry, config: ExperimentConfig): Preset {
  return registry.list().presets.some((p) => p.name === config.preset)
    ? registry.preset(config.preset)
    : { name: config.preset, description: `from ${config.dataset}`, config };
}
