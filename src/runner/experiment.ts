/**
 * Runs an experiment: one training per seed (labeled subset), each resumable, then aggregates
 * the seeds' test errors. The run folder's status says whether it is running, complete, failed
 * or interrupted; the summary says how many seeds it covers.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, ExperimentConfig, Preset } from '../core/contracts';
import { SsganError } from '../core/errors';
import type { Registry } from '../core/registry';
import type { BackendInfo } from '../engine/backend';
import { writeFileAtomic } from './files';
import { writeRunReport } from './report/write-report';
import type { ProgressPrinter } from './progress';
import type { RunFolder } from './run-folder';
import { runSeedsInProcesses } from './seed-processes';
import { type SeedFailure, type SeedResult, seedOf, trainSeed } from './seed-run';
import { type RunSummary, summarize, summaryMarkdown } from './summary';

export interface ExperimentOptions {
  readonly config: ExperimentConfig;
  readonly preset: Preset;
  readonly registry: Registry;
  readonly folder: RunFolder;
  readonly backend: BackendInfo;
  readonly progress: ProgressPrinter;
  /** Extra facts for config.json (command line, versions). */
  readonly provenance: Record<string, unknown>;
  /** Seeds trained at once, each in its own process (1: all in this process). */
  readonly jobs: number;
  /** Compute threads of each job's backend. */
  readonly threadsPerJob: number;
  /** Worker module for jobs > 1 (src/cli/seed-worker). */
  readonly workerEntry: string;
  readonly pluginDirs: readonly string[];
}

export async function runExperiment(o: ExperimentOptions): Promise<RunSummary> {
  const { config, folder } = o;
  const configJson = { config, backend: o.backend, jobs: o.jobs, ...o.provenance };
  folder.writeJson('config.json', configJson);
  const results: SeedResult[] = [];
  const failures: SeedFailure[] = [];
  let skippedFiles: readonly string[] = [];
  const writeSummary = (): RunSummary => {
    const published = o.preset.published?.[config.labels];
    const summary = summarize(folder.runId, config, o.backend, results, published, o.preset.config.epochs, skippedFiles, failures);
    folder.writeJson('summary.json', summary);
    writeFileAtomic(folder.file('summary.md'), summaryMarkdown(summary));
    return summary;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    folder.writeStatus('interrupted', results.length, config.seeds, `stopped by ${signal}`);
    o.progress.log(`\n${signal}: run ${folder.runId} stopped after ${results.length} of ${config.seeds} seeds; resume with --resume ${folder.runId}`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  folder.writeStatus('running', 0, config.seeds);
  const record = (outcome: SeedResult | SeedFailure) => {
    if ('error' in outcome) {
      failures.push(outcome);
      o.progress.log(`seed ${outcome.seed} failed: ${outcome.error}`);
    } else {
      results.push(outcome);
      results.sort((a, b) => a.seed - b.seed);
    }
    writeSummary();
    folder.writeStatus('running', results.length, config.seeds);
  };
  try {
    const dataset = await o.registry.dataset(config.dataset).load(config.datasetOptions);
    skippedFiles = dataset.skippedFiles ?? [];
    folder.writeJson('config.json', { ...configJson, data: describeData(dataset) });
    if (o.jobs > 1) {
      disposeDataset(dataset);
      const indices = [...Array(config.seeds).keys()];
      await runSeedsInProcesses({
        folder, indices, jobs: o.jobs, backend: o.backend.name, threads: o.threadsPerJob, progress: o.progress,
        onOutcome: record, workerEntry: o.workerEntry, pluginDirs: o.pluginDirs, seedOf: (i) => seedOf(config, i).seed,
      });
    } else {
      try {
        for (let index = 0; index < config.seeds; index++) {
          record(await trainSeedOrFailure(() => trainSeed({ config, registry: o.registry, dataset, folder, index, progress: o.progress }), seedOf(config, index).seed));
        }
      } finally {
        disposeDataset(dataset);
      }
    }
    const summary = writeSummary();
    if (results.length === 0 && failures.length > 0) throw new SsganError(`every seed failed; seed ${failures[0].seed}: ${failures[0].error}`);
    folder.writeStatus(failures.length > 0 ? 'failed' : 'complete', results.length, config.seeds, failures.length > 0 ? `${failures.length} seed(s) failed` : undefined);
    o.progress.log(`report: ${writeRunReport(folder)}`);
    return summary;
  } catch (err) {
    folder.writeStatus('failed', results.length, config.seeds, (err as Error).message);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A user's mistake (SsganError) stops the run; anything else fails only its seed. */
async function trainSeedOrFailure(train: () => Promise<SeedResult>, seed: number): Promise<SeedResult | SeedFailure> {
  try {
    return await train();
  } catch (err) {
    if (err instanceof SsganError) throw err;
    return { seed, error: (err as Error).stack ?? String(err) };
  }
}

/** Facts about the loaded data for config.json: what `ssgan sample` needs to rebuild a generator. */
function describeData(dataset: Dataset): Record<string, unknown> {
  const [, height, width, channels] = dataset.trainImages.shape;
  return {
    imageShape: [height, width, channels],
    classNames: dataset.classNames,
    scaling: dataset.scaling,
    trainExamples: dataset.trainLabels.length,
    testExamples: dataset.testLabels.length,
    unlabeledExtra: dataset.unlabeledImages?.shape[0] ?? 0,
    sources: dataset.sources,
    skippedFiles: dataset.skippedFiles ?? [],
  };
}

export function disposeDataset(dataset: Dataset): void {
  tf.dispose([dataset.trainImages, dataset.testImages, ...(dataset.unlabeledImages ? [dataset.unlabeledImages] : [])]);
}
